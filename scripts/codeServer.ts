// code-server: a real VS Code (1.100) with a real Node extension host, served to a browser.
// We use it where @vscode/test-electron cannot download VS Code. This module installs it once into
// a cache folder outside the repo, and starts/stops throwaway instances for tests and `npm start`.
//
//   node --import tsx scripts/codeServer.ts install   install if needed, print where
//   node --import tsx scripts/codeServer.ts check     say what is missing, install nothing
//
// See ../shared/DESIGN.md, "Real VS Code in tests, here", for why each step is the way it is.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import {
  adoptGroup,
  atExit,
  CommandError,
  groupAlive,
  killGroup,
  runCommand,
  sleep,
  tail,
  tailFile,
} from './processes';

export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code release inside that code-server. */
export const VSCODE_VERSION = '1.100.3';

// code-server's @vscode/ripgrep downloads `rg` in its postinstall unless this cached archive exists.
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const INSTALL_TIMEOUT_MS = 15 * 60_000;
const READY_TIMEOUT_MS = 60_000;

/** `$LOSS_PLAYGROUND_CACHE`, else `$XDG_CACHE_HOME/loss-playground`, else `~/.cache/loss-playground`. */
export function cacheRoot(): string {
  if (process.env.LOSS_PLAYGROUND_CACHE) return process.env.LOSS_PLAYGROUND_CACHE;
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'loss-playground');
}

export function codeServerDir(): string {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

function entryScript(dir = codeServerDir()): string {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Files a working install has; the native ones prove code-server's own postinstall ran. */
function installProblems(dir: string): string[] {
  const vscode = join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  const expected = [
    entryScript(dir),
    join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    join(vscode, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    join(vscode, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
  ];
  return expected.filter((f) => !existsSync(f)).map((f) => `missing ${f}`);
}

export function isCodeServerInstalled(): boolean {
  const dir = codeServerDir();
  return existsSync(join(dir, '.installed')) && installProblems(dir).length === 0;
}

function onPath(name: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(d, name);
    if (d && existsSync(p)) return p;
  }
  return undefined;
}

/** Where Node's C headers are (node-gyp must not download them: this network cannot). */
function nodeHeadersDir(): string | undefined {
  const candidates = [process.env.npm_config_nodedir, dirname(dirname(process.execPath)), '/usr', '/usr/local'];
  return candidates.find((d) => d && existsSync(join(d, 'include', 'node', 'node.h')));
}

function hasKerberosHeaders(): boolean {
  return (
    ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h', '/usr/include/gssapi.h'].some(existsSync) ||
    !!onPath('krb5-config')
  );
}

export interface Missing {
  what: string;
  why: string;
  /** Debian package that provides it, when there is one. */
  apt?: string;
}

/** What code-server needs to install here that this machine lacks. Empty when all is there. */
export function missingForInstall(): Missing[] {
  const missing: Missing[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    missing.push({
      what: `Node 20 (this is Node ${process.versions.node})`,
      why: `code-server ${CODE_SERVER_VERSION} declares engines.node = 20; newer code-server needs Node 22+`,
    });
  }
  if (process.platform !== 'linux') {
    missing.push({
      what: `Linux (this is ${process.platform})`,
      why: 'the install steps here (ripgrep cache, Debian packages) are for Linux',
    });
  }
  const tools = ['cc', 'c++', 'make', 'python3'].filter((t) => !onPath(t));
  if (tools.length) {
    missing.push({
      what: `a compiler toolchain (no ${tools.join(', ')} on PATH)`,
      why: 'code-server builds native modules (node-pty, kerberos, argon2) with node-gyp',
      apt: 'build-essential python3',
    });
  }
  if (!nodeHeadersDir()) {
    missing.push({
      what: "Node's C headers (include/node/node.h)",
      why: 'node-gyp would download them, which this network cannot',
      apt: 'libnode-dev',
    });
  }
  if (!hasKerberosHeaders()) {
    missing.push({
      what: 'Kerberos headers (gssapi/gssapi.h)',
      why: "VS Code's kerberos module compiles against them",
      apt: 'libkrb5-dev',
    });
  }
  if (process.arch === 'x64' && !onPath('rg')) {
    missing.push({
      what: 'ripgrep (rg)',
      why: "code-server's @vscode/ripgrep downloads rg unless a cached copy exists; we make that copy from the system's rg",
      apt: 'ripgrep',
    });
  }
  return missing;
}

/** What tests need besides code-server: a browser to load the workbench in. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.LOSS_PLAYGROUND_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return (
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync) ??
    onPath('chromium') ??
    onPath('chromium-browser')
  );
}

export function describeMissing(missing: Missing[]): string {
  const lines = missing.map((m) => `  - ${m.what}: ${m.why}${m.apt ? ` (Debian: ${m.apt})` : ''}`);
  const apt = [...new Set(missing.flatMap((m) => (m.apt ? m.apt.split(' ') : [])))];
  if (apt.length) lines.push('', `  On Debian/Ubuntu, as root: apt-get update && apt-get install -y ${apt.join(' ')}`);
  return lines.join('\n');
}

export class InstallError extends Error {}

/** Puts Debian's rg where @vscode/ripgrep looks for a cached download. */
async function seedRipgrepCache(log: (s: string) => void): Promise<void> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return;
  const dir = join(tmpdir(), RIPGREP_CACHE_DIR);
  const archive = join(dir, RIPGREP_ASSET);
  if (existsSync(archive)) return;
  const rg = onPath('rg');
  if (!rg) return; // reported by missingForInstall
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'loss-playground-rg-'));
  try {
    copyFileSync(rg, join(staging, 'rg'));
    const partial = `${archive}.${process.pid}.partial`;
    await runCommand('tar', ['-czf', partial, '-C', staging, 'rg'], { timeoutMs: 60_000 });
    renameSync(partial, archive);
    log(`seeded the ripgrep download cache with ${rg}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Installs code-server into the cache once; later calls return at once. Throws an InstallError
 * that says what is missing, or shows the end of npm's log, when it cannot.
 */
export async function ensureCodeServer(log: (s: string) => void = (s) => console.error(s)): Promise<string> {
  const dir = codeServerDir();
  if (isCodeServerInstalled()) return entryScript(dir);

  const missing = missingForInstall();
  if (missing.length) {
    throw new InstallError(
      `Cannot install code-server ${CODE_SERVER_VERSION}; this machine lacks:\n${describeMissing(missing)}`,
    );
  }
  await seedRipgrepCache(log);

  mkdirSync(cacheRoot(), { recursive: true });
  // Install next to the final place and rename when it works, so a half install is never used.
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(
    join(staging, 'package.json'),
    JSON.stringify({ name: 'loss-playground-code-server', private: true }, null, 2),
  );
  const logFile = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}-install.log`);
  writeFileSync(logFile, '');
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (a minute or two; log: ${logFile})`);
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // code-server's postinstall refuses to run as root under npm without unsafe-perm.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_nodedir: nodeHeadersDir(),
  };
  try {
    await runCommand('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: staging,
      env,
      timeoutMs: INSTALL_TIMEOUT_MS,
      logFile,
    });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    const output = e instanceof CommandError ? e.output : '';
    throw new InstallError(`${(e as Error).message}\nLast lines of ${logFile}:\n${tail(output, 40)}`);
  }
  const problems = installProblems(staging);
  if (problems.length) {
    rmSync(staging, { recursive: true, force: true });
    throw new InstallError(
      `npm installed code-server but its postinstall did not finish:\n  ${problems.join('\n  ')}\nLog: ${logFile}`,
    );
  }
  writeFileSync(
    join(staging, '.installed'),
    JSON.stringify({ version: CODE_SERVER_VERSION, node: process.versions.node, at: new Date().toISOString() }) + '\n',
  );
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(staging, dir);
  } catch (e) {
    // Someone else finished the same install first; theirs is as good as ours.
    rmSync(staging, { recursive: true, force: true });
    if (!isCodeServerInstalled()) throw e;
  }
  log(`installed code-server ${CODE_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  return entryScript(dir);
}

/** A free TCP port on 127.0.0.1 (free now; code-server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface StartOptions {
  /** The folder the workbench opens by default. */
  folder: string;
  /** Extra environment for code-server and so for its extension hosts. */
  env?: NodeJS.ProcessEnv;
  /** Where code-server's own output goes; default: inside its temp folder (deleted on stop). */
  logFile?: string;
  /** Fixed port; default: a free one. */
  port?: number;
  /** Merged over our test-friendly user settings. */
  settings?: Record<string, unknown>;
  /**
   * Open the folder in Restricted Mode: Workspace Trust on (no --disable-workspace-trust), the
   * folder not trusted (a fresh user-data-dir trusts nothing) and no trust prompt at startup.
   */
  restricted?: boolean;
  /** Display language (`--locale`, e.g. `zh-cn`): `vscode.env.language` and extensions' l10n follow it. */
  locale?: string;
  /** VSIX files installed into the fresh extensions-dir (`--install-extension`) before it starts. */
  installExtensions?: string[];
}

export interface PayloadOptions {
  folder?: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** A file the workbench opens with the folder (VS Code web's `openFile` payload). */
  openFile?: string;
}

export interface CodeServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly logFile: string;
  /** Holds the server's and the extension hosts' logs (under logs/) until stop(). */
  readonly userDataDir: string;
  readonly pid: number;
  /**
   * The workbench URL for a folder, optionally as an Extension Development Host
   * (extensionDevelopmentPath) that runs a test suite (extensionTestsPath): the payload is what
   * the desktop `code --extensionDevelopmentPath` would pass.
   */
  workbenchUrl(opts?: PayloadOptions): string;
  /** Resolves when code-server exits (by itself or by stop()). */
  readonly exited: Promise<number | null>;
  /** Stops code-server and everything it started, and removes its temp folders. */
  stop(): Promise<void>;
}

/** Settings that keep a throwaway workbench quiet and predictable. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
};

/**
 * Starts code-server on 127.0.0.1 with a fresh user-data-dir and extensions-dir, and waits until
 * it answers. The process group is adopted (scripts/processes.ts), so it is stopped when we exit
 * however we exit.
 */
export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const entry = await ensureCodeServer();
  const home = mkdtempSync(join(tmpdir(), 'loss-playground-code-server-'));
  // Removed by stop(); this covers an exit without it (a signal, an uncaught error).
  const forgetHome = atExit(() => rmSync(home, { recursive: true, force: true }));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  for (const vsix of opts.installExtensions ?? []) {
    execFileSync(
      process.execPath,
      [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
      { stdio: 'pipe', timeout: 120_000 },
    );
  }
  const trust = opts.restricted
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'never',
      }
    : {};
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...opts.settings }, null, 2),
  );
  // Our own config file, so code-server never writes ~/.config/code-server/config.yaml.
  const config = join(home, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const logFile = opts.logFile ?? join(home, 'code-server.log');
  mkdirSync(dirname(logFile), { recursive: true });

  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await launch(entry, port, { home, userDataDir, extensionsDir, config, logFile, opts, forgetHome });
    } catch (e) {
      // Another process can take a "free" port before code-server binds it; try another.
      if (opts.port !== undefined || attempt >= 3 || !/EADDRINUSE/.test(tailFile(logFile, 20))) {
        rmSync(home, { recursive: true, force: true });
        forgetHome();
        throw e;
      }
    }
  }
}

interface LaunchParts {
  home: string;
  userDataDir: string;
  extensionsDir: string;
  config: string;
  logFile: string;
  opts: StartOptions;
  forgetHome: () => void;
}

async function launch(entry: string, port: number, p: LaunchParts): Promise<CodeServer> {
  const args = [
    entry,
    '--config',
    p.config,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    p.userDataDir,
    '--extensions-dir',
    p.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(p.opts.restricted ? [] : ['--disable-workspace-trust']),
    ...(p.opts.locale ? ['--locale', p.opts.locale] : []),
    p.opts.folder,
  ];
  const out = openSync(p.logFile, 'a');
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...p.opts.env },
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start code-server');
  adoptGroup(pid, `code-server on port ${port}`, [p.home]);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (hasExited) {
      await killGroup(pid, 1000);
      throw new Error(`code-server exited while starting. Its log (${p.logFile}):\n${tailFile(p.logFile, 30)}`);
    }
    if (await answers(`${origin}/healthz`)) break;
    if (Date.now() > deadline) {
      await killGroup(pid, 2000);
      throw new Error(
        `code-server did not answer on ${origin} within ${READY_TIMEOUT_MS / 1000} s. Its log (${p.logFile}):\n${tailFile(p.logFile, 30)}`,
      );
    }
    await sleep(150);
  }

  let stopping: Promise<void> | undefined;
  return {
    port,
    origin,
    pid,
    logFile: p.logFile,
    userDataDir: p.userDataDir,
    exited,
    workbenchUrl(o: PayloadOptions = {}): string {
      const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
      const payload: Array<[string, string]> = [];
      if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
      if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
      if (o.openFile) payload.push(['openFile', remote(o.openFile)]);
      const query = [`folder=${encodeURIComponent(o.folder ?? p.opts.folder)}`];
      if (payload.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${origin}/?${query.join('&')}`;
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        await killGroup(pid, 5000);
        if (groupAlive(pid)) console.error(`warning: code-server group ${pid} survived SIGKILL`);
        rmSync(p.home, { recursive: true, force: true });
        p.forgetHome();
      })();
      return stopping;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** `node --import tsx scripts/codeServer.ts install|check` */
async function main(argv: string[]): Promise<number> {
  const cmd = argv[0] ?? 'install';
  if (cmd === 'check') {
    const missing = missingForInstall();
    const chromium = findChromium();
    if (!chromium)
      missing.push({
        what: 'Chromium',
        why: 'tests load the workbench in it (playwright-core drives it)',
        apt: 'chromium',
      });
    console.log(
      `code-server ${CODE_SERVER_VERSION}: ${isCodeServerInstalled() ? `installed in ${codeServerDir()}` : 'not installed'}`,
    );
    console.log(`chromium: ${chromium ?? 'not found'}`);
    if (missing.length) console.log(`missing:\n${describeMissing(missing)}`);
    return missing.length ? 1 : 0;
  }
  if (cmd === 'install') {
    try {
      const entry = await ensureCodeServer((s) => console.log(s));
      const version = execFileSync(process.execPath, [entry, '--version'], { encoding: 'utf8', timeout: 30_000 }).split(
        '\n',
      )[0];
      console.log(`code-server ${version} ready in ${codeServerDir()}`);
      return 0;
    } catch (e) {
      console.error((e as Error).message);
      return 1;
    }
  }
  console.error('usage: node --import tsx scripts/codeServer.ts install|check');
  return 2;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
