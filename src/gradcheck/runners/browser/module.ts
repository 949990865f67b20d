/**
 * node:module for the grad-check worker in a browser (scripts/build.mjs aliases it here): what
 * ../jsChild.ts uses of it. A module's code (already turned into CommonJS by sucrase) runs in a
 * function scope made with an indirect eval, as Node's wrapper does, so line numbers stay the
 * file's. Nothing else can be loaded: there are no packages and no sibling files in a worker, so
 * every require fails as Node's does for a missing module (jsChild then stubs a relative one).
 */
import { dirname } from './path';

function notFound(id: string): Error {
  return Object.assign(
    new Error(`Cannot find module '${id}': in the browser a check runs the file alone, without the modules it imports`),
    { code: 'MODULE_NOT_FOUND' },
  );
}

type Wrapper = (
  this: unknown,
  exports: unknown,
  require: (id: string) => unknown,
  module: Module,
  filename: string,
  dirname: string,
) => void;

export default class Module {
  exports: unknown = {};
  filename = '';
  paths: string[] = [];

  constructor(
    readonly id = '',
    readonly parent?: unknown,
  ) {}

  require(id: string): unknown {
    throw notFound(id);
  }

  _compile(code: string, filename: string): void {
    const name = filename.replace(/[\r\n]/g, ' ');
    const wrapper = (0, eval)(
      `(function (exports, require, module, __filename, __dirname) {${code}\n})\n//# sourceURL=${name}`,
    ) as Wrapper;
    wrapper.call(this.exports, this.exports, (id) => this.require(id), this, filename, dirname(filename));
  }

  static _extensions: Record<string, unknown> = {};

  static _nodeModulePaths(): string[] {
    return [];
  }

  static createRequire(): (id: string) => never {
    return (id) => {
      throw notFound(id);
    };
  }
}
