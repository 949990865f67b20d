/**
 * The one mathjs instance, made with create() from only the factories a formula needs: the parser
 * and the node classes of numbers, names, operators, function calls and parentheses (and what they
 * need: typed-function, numbers). Every other kind of node the parser knows (assignments, arrays,
 * objects, ranges, accessors, conditionals, blocks, function definitions, comparisons) is a
 * stand-in that refuses to be built, so no formula can even become one; and nothing ever calls
 * mathjs's evaluate or compile. This keeps mathjs at ~115 KB minified in each bundle, not 700 KB.
 *
 * Made on first use, not on import: the extension host loads this module with the scenes, and
 * its activation should not pay for a formula nobody has typed yet.
 */
import {
  create,
  createConstantNode,
  createFunctionNode,
  createIsBounded,
  createNode,
  createNumber,
  createNumeric,
  createOperatorNode,
  createParenthesisNode,
  createParse,
  createSymbolNode,
  createTyped,
  factory,
  type FactoryFunction,
  type MathJsInstance,
} from 'mathjs';

// The factories are exported by mathjs's modules but not declared in its types.
declare module 'mathjs' {
  export const createParse: FactoryFunction<unknown>;
  export const createNode: FactoryFunction<unknown>;
  export const createConstantNode: FactoryFunction<unknown>;
  export const createSymbolNode: FactoryFunction<unknown>;
  export const createOperatorNode: FactoryFunction<unknown>;
  export const createFunctionNode: FactoryFunction<unknown>;
  export const createParenthesisNode: FactoryFunction<unknown>;
  export const createTyped: FactoryFunction<unknown>;
  export const createNumeric: FactoryFunction<unknown>;
  export const createNumber: FactoryFunction<unknown>;
  export const createIsBounded: FactoryFunction<unknown>;
}

/** Node kinds the parser may be asked for that a formula never is: refused when built. */
const REFUSED = [
  'AccessorNode',
  'ArrayNode',
  'AssignmentNode',
  'BlockNode',
  'ConditionalNode',
  'FunctionAssignmentNode',
  'IndexNode',
  'ObjectNode',
  'RangeNode',
  'RelationalNode',
] as const;

/** Thrown when the parser reaches for a node kind a formula may not have. */
export class RefusedNode extends Error {}

function refused(name: string): FactoryFunction<unknown> {
  return factory(
    name,
    [],
    () =>
      function Refused() {
        throw new RefusedNode(`${name} is not allowed in a formula`);
      },
  ) as FactoryFunction<unknown>;
}

let instance: MathJsInstance | undefined;

export function mathjs(): MathJsInstance {
  instance ??= create({
    createParse,
    createNode,
    createConstantNode,
    createSymbolNode,
    createOperatorNode,
    createFunctionNode,
    createParenthesisNode,
    createTyped,
    createNumeric,
    createNumber,
    createIsBounded,
    ...Object.fromEntries(REFUSED.map((name) => [name, refused(name)])),
  });
  return instance;
}
