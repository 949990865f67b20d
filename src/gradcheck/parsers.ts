/** Moved to src/syntax/parsers.ts (shared by lenses, hovers and lint); kept so imports of this path still work. */
export { scriptParser } from '../syntax/parsers';
