/**
 * The `process` that ../jsChild.ts talks through, in a Web Worker (scripts/build.mjs injects it as
 * that name into the worker bundle only; the user's code never sees it). `send` and the 'message'
 * listener speak postMessage with JSON text, as Node's IPC channel does with serialization 'json';
 * what the code prints (stdout, and the console, which in a worker would go to the developer tools)
 * goes to the host as `{ output }` messages, like a child's stdout.
 */
type WorkerScope = {
  postMessage(message: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: { preventDefault(): void }) => void): void;
  close(): void;
};
const scope = globalThis as unknown as WorkerScope;

const post = (message: unknown): void => scope.postMessage(JSON.stringify(message));

const write = (text: unknown): boolean => {
  post({ output: String(text) });
  return true;
};

export const process = {
  env: {} as Record<string, string | undefined>,
  send(message: unknown): boolean {
    post(message);
    return true;
  },
  on(event: string, listener: (message: unknown) => void): unknown {
    if (event === 'message')
      scope.addEventListener('message', (e) => listener(typeof e.data === 'string' ? JSON.parse(e.data) : e.data));
    // As the child ignores them: a promise the user's code left rejected must not end the runner.
    else if (event === 'unhandledRejection') scope.addEventListener('unhandledrejection', (e) => e.preventDefault());
    // 'disconnect' never comes: the host terminates the worker instead.
    return process;
  },
  stdout: { write },
  stderr: { write },
  exit(): void {
    scope.close();
  },
};

/** console.log(1, 'a', { b: 2 }) as a line of text, roughly as Node prints it. */
function line(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.stack ?? `${a.name}: ${a.message}`;
      try {
        return typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
for (const name of consoleMethods) console[name] = (...args: unknown[]) => void write(`${line(args)}\n`);
