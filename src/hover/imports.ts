/** Moved to src/syntax/bindings.ts (shared with the lint); kept so imports of this path still work. */
export { bindingStatements, resolvePath, scanBindings, type Bindings, type SyntaxLanguage as HoverLanguage } from '../syntax/bindings';
