/**
 * Command ids are spelled once in src/ (src/commands.ts); the manifest names them again, in
 * contributes.commands, its menus and keybindings and the walkthrough's completion events, and
 * must name the same ones.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, commandUri } from '../../src/commands';

const ROOT = path.join(__dirname, '..', '..');
type Manifest = {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus?: Record<string, Array<{ command: string }>>;
    keybindings?: Array<{ command: string }>;
    walkthroughs?: Array<{ steps: Array<{ completionEvents?: string[] }> }>;
  };
};
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const ids = new Set<string>(Object.values(COMMANDS));

describe('command ids: one table (src/commands.ts) and the manifest', () => {
  it('contributes exactly the commands of the table', () => {
    assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), [...ids].sort());
  });

  it('names only commands of the table in menus, keybindings and completion events', () => {
    const named = [
      ...Object.entries(pkg.contributes.menus ?? {}).flatMap(([menu, items]) =>
        items.map((i) => [`menus.${menu}`, i.command]),
      ),
      ...(pkg.contributes.keybindings ?? []).map((k) => ['keybindings', k.command]),
      ...(pkg.contributes.walkthroughs ?? []).flatMap((w) =>
        w.steps.flatMap((s) =>
          (s.completionEvents ?? [])
            .filter((e) => e.startsWith('onCommand:'))
            .map((e) => ['walkthrough', e.slice('onCommand:'.length)]),
        ),
      ),
      ...pkg.activationEvents
        .filter((e) => e.startsWith('onCommand:'))
        .map((e) => ['activationEvents', e.slice('onCommand:'.length)]),
    ];
    assert.ok(named.length > 0);
    assert.deepEqual(
      named.filter(([, id]) => !ids.has(id)),
      [],
    );
  });

  it('spells no command id in src/ outside the table', () => {
    const pattern = new RegExp(`(['"]|command:)(${[...ids].map((id) => id.replace('.', '\\.')).join('|')})['"?]`);
    const offending: string[] = [];
    for (const f of readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]) {
      if (!f.endsWith('.ts') || f === 'commands.ts') continue;
      readFileSync(path.join(ROOT, 'src', f), 'utf8')
        // A test controller and a status bar item have ids of their own, which happen to read as a
        // command's: their first argument is left out (on its own line or not, as the code is laid out).
        .replace(/(createTestController|createStatusBarItem)\(\s*(['"])[^'"]*\2/g, (m) =>
          m.replace(/['"][^'"]*['"]/, "''"),
        )
        .split('\n')
        // Comments may show other extensions how to call a command.
        .forEach(
          (line, i) =>
            pattern.test(line) &&
            !/^\s*(\*|\/\/|\/\*)/.test(line) &&
            offending.push(`src/${f}:${i + 1}: ${line.trim()}`),
        );
    }
    assert.deepEqual(offending, []);
  });

  it('writes command links VS Code reads: the id, then the arguments as a URI-encoded JSON array', () => {
    const uri = commandUri(COMMANDS.open, { scene: 'neuron', view: { w: 2 } });
    const [, id, query] = /^command:([\w.]+)\?(.*)$/.exec(uri) ?? [];
    assert.equal(id, 'lossPlayground.open');
    assert.deepEqual(JSON.parse(decodeURIComponent(query)), [{ scene: 'neuron', view: { w: 2 } }]);
  });
});
