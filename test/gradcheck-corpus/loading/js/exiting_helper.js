// Imported by exit_in_import.js: its top level runs when it is required.
process.exit(6);
