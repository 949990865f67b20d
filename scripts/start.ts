// `npm start`: build, then open the extension in a real VS Code on the examples/ workspace.
//
// With a desktop `code` on PATH: `code --extensionDevelopmentPath=. examples/ <an example>` in a new
// window, and done.
// Otherwise: code-server (installed on first use, see scripts/codeServer.ts) on 127.0.0.1 and a
// URL to open in a browser, plus a build watcher, so after an edit "Developer: Reload Window"
// picks up the new build. Ctrl-C stops everything this started.
//
//   npm start [-- --code-server] [-- --port 8080] [-- --no-watch]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { cacheRoot, ensureCodeServer, InstallError, startCodeServer } from './codeServer';
import { adoptGroup, isShuttingDown, killAllGroups, runCommand, tailFile } from './processes';

const repoRoot = resolve(__dirname, '..');
/** Tells the extension (src/extension.ts) to open the playground as the window starts. */
const OPEN_AT_START = { LOSS_PLAYGROUND_OPEN_AT_START: '1' };
const examples = join(repoRoot, 'examples');
/**
 * Opened with the folder: its language activates the extension (onLanguage:python), which then
 * opens the playground; the extension does not activate at start-up for anyone else.
 */
const firstFile = join(examples, 'python', 'numpy_losses.py');

function onPath(name: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (d && existsSync(join(d, name))) return join(d, name);
  }
  return undefined;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Starts a detached child whose whole group dies with us. Resolves with its exit code. */
function supervised(label: string, command: string, args: string[]): Promise<number | null> {
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  if (child.pid !== undefined) adoptGroup(child.pid, label);
  return new Promise((r) => child.on('exit', (code) => r(code)));
}

async function withDesktopCode(code: string): Promise<number> {
  console.log(`Opening examples/ in a new VS Code window (${code}) with the extension under development;`);
  console.log('the playground opens with it. After an edit, `npm run build` and "Developer: Reload Window".');
  // No --wait (with a file to open it would wait for that tab, not the window, to close), and not
  // supervised: the window is the user's to close, and outlives this script.
  const child = spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, examples, firstFile], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
    env: { ...process.env, ...OPEN_AT_START },
  });
  const exit = await new Promise<number | null>((r) => child.on('exit', r));
  return exit ?? 0;
}

async function withCodeServer(args: string[]): Promise<number> {
  try {
    await ensureCodeServer((s) => console.log(s));
  } catch (e) {
    if (!(e instanceof InstallError)) throw e;
    console.error(
      `\n${e.message}\n\nWith a desktop VS Code instead, open this folder and press F5, or put \`code\` on PATH.`,
    );
    return 1;
  }
  const portArg = option(args, '--port') ?? process.env.LOSS_PLAYGROUND_PORT;
  const logFile = join(cacheRoot(), 'npm-start-code-server.log');
  const server = await startCodeServer({
    folder: examples,
    logFile,
    ...(portArg ? { port: Number(portArg) } : {}),
    // A newcomer lands on the playground. No startup editor: opened after it (as the README was),
    // it would push the playground into a background tab; examples/README.md is in the Explorer.
    settings: { 'workbench.startupEditor': 'none' },
    env: OPEN_AT_START,
  });
  if (!args.includes('--no-watch'))
    void supervised('build watcher', process.execPath, ['scripts/build.mjs', '--watch']);
  console.log(`
  Loss Playground is running in VS Code (code-server) on examples/. Open:

    ${server.workbenchUrl({ extensionDevelopmentPath: repoRoot, openFile: firstFile })}

  The playground opens with the window (again: F1 > "Loss Playground: Open Loss Playground").
  After an edit the watcher rebuilds;
  F1 > "Developer: Reload Window" loads the new build. Ctrl-C stops code-server${args.includes('--no-watch') ? '' : ' and the watcher'}.
  code-server's log: ${logFile}
`);
  const code = await server.exited;
  if (isShuttingDown()) return 0;
  console.error(`code-server stopped by itself (exit code ${code}). Last lines of its log:\n${tailFile(logFile, 20)}`);
  return 1;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  await runCommand(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, timeoutMs: 5 * 60_000, echo: true });
  const code =
    args.includes('--code-server') || process.env.LOSS_PLAYGROUND_START === 'code-server' ? undefined : onPath('code');
  return code ? withDesktopCode(code) : withCodeServer(args);
}

main().then(
  async (code) => {
    await killAllGroups();
    process.exit(code);
  },
  async (e: Error) => {
    console.error(e.message);
    await killAllGroups();
    process.exit(1);
  },
);
