/** Moved to src/syntax/bindings.ts (shared with the lint); kept so imports of this path still work. */
export { bindingStatements, scanBindings, type SyntaxLanguage as HoverLanguage } from '../syntax/bindings';
