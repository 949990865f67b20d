// The agent tools' inputs (src/agent/inputs.ts), and the manifest's tool declarations against
// src/agent/definitions.ts, their source.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { INPUT_SCHEMAS, TOOL_NAMES } from '../../src/agent/definitions';
import {
  fileReference,
  MAX_LINT_FILES,
  parseExplainInput,
  parseGradcheckInput,
  parseLintInput,
  relativeCandidates,
  selectLosses,
} from '../../src/agent/inputs';

const root = path.join(__dirname, '..', '..');
const json = (f: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(root, f), 'utf8')) as Record<string, unknown>;

type Tool = {
  name: string;
  toolReferenceName?: string;
  displayName: string;
  userDescription?: string;
  modelDescription: string;
  canBeReferencedInPrompt?: boolean;
  icon?: string;
  inputSchema?: unknown;
};

describe('agent: tool inputs', () => {
  it('grad-check: a file, and optionally a function or Class.method', () => {
    assert.deepEqual(parseGradcheckInput({ file: 'python/numpy_losses.py' }), {
      ok: true,
      value: { file: 'python/numpy_losses.py' },
    });
    assert.deepEqual(parseGradcheckInput({ file: ' `losses.py` ', function: 'FocalLoss.forward' }), {
      ok: true,
      value: { file: 'losses.py', function: 'FocalLoss.forward' },
    });
    // As models write them: quoted, a call, a chat file reference.
    assert.deepEqual(parseGradcheckInput({ file: '#file:losses.py', function: 'mse()' }), {
      ok: true,
      value: { file: 'losses.py', function: 'mse' },
    });
    assert.deepEqual(parseGradcheckInput({ file: 'a.py', function: null }), { ok: true, value: { file: 'a.py' } });
    assert.deepEqual(parseGradcheckInput({ file: 'nb.ipynb', function: 'cell3:focal_loss' }), {
      ok: true,
      value: { file: 'nb.ipynb', function: 'cell3:focal_loss' },
    });
  });

  it('grad-check: says what is wrong with a bad input', () => {
    const error = (raw: unknown): string => {
      const p = parseGradcheckInput(raw);
      assert.equal(p.ok, false, JSON.stringify(raw));
      return p.ok ? '' : p.error;
    };
    assert.match(error(undefined), /must be an object with file, function/);
    assert.match(error(['a.py']), /must be an object/);
    assert.match(error({}), /file must be a string, got undefined/);
    assert.match(error({ file: '  ' }), /file is empty/);
    assert.match(error({ file: 3 }), /file must be a string, got number/);
    assert.match(error({ file: 'a.py', fn: 'mse' }), /unknown field 'fn' \(fields: file, function\)/);
    assert.match(
      error({ file: 'a.py', function: 'os.system("rm")' }),
      /function must be a name, Class.method or \(in a notebook\) cellN:name/,
    );
    assert.match(error({ file: 'a.py', function: 'a.b.c' }), /function must be a name, Class.method/);
    assert.match(error({ file: 'a.ipynb', function: 'cell:focal' }), /function must be a name, Class.method/);
    assert.match(error({ file: 'x'.repeat(5000) }), /longer than 4096/);
  });

  it('lint: files, file, or both, without duplicates and within the limit', () => {
    assert.deepEqual(parseLintInput({ files: ['a.py', 'b.ts'] }), { ok: true, value: { files: ['a.py', 'b.ts'] } });
    assert.deepEqual(parseLintInput({ file: 'a.py' }), { ok: true, value: { files: ['a.py'] } });
    assert.deepEqual(parseLintInput({ files: ['a.py', '**/*.py'], file: 'a.py' }), {
      ok: true,
      value: { files: ['a.py', '**/*.py'] },
    });
    const bad = (raw: unknown): string => {
      const p = parseLintInput(raw);
      assert.equal(p.ok, false, JSON.stringify(raw));
      return p.ok ? '' : p.error;
    };
    assert.match(bad({}), /give files \(an array\) or file/);
    assert.match(bad({ files: [] }), /give files/);
    assert.match(bad({ files: 'a.py' }), /files must be an array of strings/);
    assert.match(bad({ files: ['a.py', 2] }), /files\[1\] must be a string, got number/);
    assert.match(
      bad({ files: Array.from({ length: MAX_LINT_FILES + 1 }, (_, i) => `f${i}.py`) }),
      /at most 50 files at once, got 51/,
    );
  });

  it('explain: a name', () => {
    assert.deepEqual(parseExplainInput({ name: '`F.cross_entropy`' }), {
      ok: true,
      value: { name: 'F.cross_entropy' },
    });
    assert.deepEqual(parseExplainInput({ name: '' }), { ok: false, error: 'name is empty' });
    assert.deepEqual(parseExplainInput({ loss: 'huber' }), { ok: false, error: "unknown field 'loss' (fields: name)" });
  });

  it('tells URIs, absolute and relative paths and glob patterns apart', () => {
    assert.deepEqual(fileReference('file:///work/a.py'), { kind: 'uri', uri: 'file:///work/a.py' });
    assert.deepEqual(fileReference('vscode-vfs://github/me/repo/a.py'), {
      kind: 'uri',
      uri: 'vscode-vfs://github/me/repo/a.py',
    });
    assert.deepEqual(fileReference('/work/a.py'), { kind: 'absolute', path: '/work/a.py' });
    assert.deepEqual(fileReference('C:\\work\\a.py'), { kind: 'absolute', path: 'C:\\work\\a.py' });
    assert.deepEqual(fileReference('c:/work/a.py'), { kind: 'absolute', path: 'c:/work/a.py' });
    assert.deepEqual(fileReference('./python/a.py'), { kind: 'relative', path: 'python/a.py' });
    assert.deepEqual(fileReference('python\\a.py'), { kind: 'relative', path: 'python/a.py' });
    assert.deepEqual(fileReference('**/*.py'), { kind: 'glob', pattern: '**/*.py' });
    assert.deepEqual(fileReference('./src/{a,b}.ts'), { kind: 'glob', pattern: 'src/{a,b}.ts' });
  });

  it('reads a relative path under every folder, and folder/rest under that folder first', () => {
    const folders = [
      { name: 'app', index: 0 },
      { name: 'lib', index: 1 },
    ];
    assert.deepEqual(relativeCandidates('lib/losses.py', folders), [
      { folder: 1, path: 'losses.py' },
      { folder: 0, path: 'lib/losses.py' },
      { folder: 1, path: 'lib/losses.py' },
    ]);
    assert.deepEqual(relativeCandidates('losses.py', folders.slice(0, 1)), [{ folder: 0, path: 'losses.py' }]);
  });

  it('selects losses by key, by class or method name, or case-insensitively when that is unique', () => {
    const keys = ['mse', 'FocalLoss', 'Model.loss', 'Other.loss', 'Net.backward_loss'];
    assert.deepEqual(selectLosses(keys, undefined), { ok: true, value: keys });
    assert.deepEqual(selectLosses(keys, 'Model.loss'), { ok: true, value: ['Model.loss'] });
    assert.deepEqual(selectLosses(keys, 'Model'), { ok: true, value: ['Model.loss'] });
    assert.deepEqual(selectLosses(keys, 'focalloss'), { ok: true, value: ['FocalLoss'] });
    assert.deepEqual(selectLosses(keys, 'loss'), {
      ok: false,
      error: "'loss' matches several losses: Model.loss, Other.loss; name one",
    });
    assert.deepEqual(selectLosses(keys, 'huber'), {
      ok: false,
      error:
        "no loss named 'huber' in the file (its losses: mse, FocalLoss, Model.loss, Other.loss, Net.backward_loss)",
    });
    assert.deepEqual(selectLosses([], undefined), { ok: false, error: 'no loss function was found in the file' });
  });

  it('selects a notebook’s losses by cell and name, or by name when one cell has it', () => {
    const keys = ['cell2:mse', 'cell4:focal_loss', 'cell6:focal_loss', 'cell6:Model.loss'];
    assert.deepEqual(selectLosses(keys, 'cell6:focal_loss'), { ok: true, value: ['cell6:focal_loss'] });
    assert.deepEqual(selectLosses(keys, 'mse'), { ok: true, value: ['cell2:mse'] });
    assert.deepEqual(selectLosses(keys, 'Model'), { ok: true, value: ['cell6:Model.loss'] });
    assert.deepEqual(selectLosses(keys, 'cell4:FOCAL_LOSS'), { ok: true, value: ['cell4:focal_loss'] });
    assert.deepEqual(selectLosses(keys, 'focal_loss'), {
      ok: false,
      error: "'focal_loss' matches several losses: cell4:focal_loss, cell6:focal_loss; name one",
    });
    assert.deepEqual(selectLosses(keys, 'cell2:focal_loss'), {
      ok: false,
      error:
        "no loss named 'cell2:focal_loss' in the file (its losses: cell2:mse, cell4:focal_loss, cell6:focal_loss, cell6:Model.loss)",
    });
  });
});

describe('agent: the manifest declares the tools as src/agent/definitions.ts does', () => {
  const pkg = json('package.json') as {
    engines: { vscode: string };
    devDependencies: Record<string, string>;
    contributes: { languageModelTools?: Tool[] };
    activationEvents?: string[];
  };
  const tools = pkg.contributes.languageModelTools ?? [];

  it('names each tool once, with the schema of its input', () => {
    assert.deepEqual(
      tools.map((t) => t.name),
      Object.values(TOOL_NAMES),
    );
    for (const [id, name] of Object.entries(TOOL_NAMES)) {
      const tool = tools.find((t) => t.name === name)!;
      assert.deepEqual(tool.inputSchema, INPUT_SCHEMAS[id as keyof typeof INPUT_SCHEMAS], `${name}'s inputSchema`);
    }
  });

  it('gives each tool what VS Code requires and shows, localized in English and Chinese', () => {
    const en = json('package.nls.json');
    const zh = json('package.nls.zh-cn.json');
    for (const t of tools) {
      // VS Code refuses a tool without these, and names must match /^[\w-]+$/ without a vscode_/copilot_ prefix.
      assert.match(t.name, /^(?!copilot_|vscode_)[\w-]+$/);
      assert.ok(t.modelDescription.length > 100, `${t.name}: a modelDescription that says what it does and returns`);
      assert.equal(t.canBeReferencedInPrompt, true);
      assert.match(
        t.toolReferenceName ?? '',
        /^[\w-]+$/,
        `${t.name}: canBeReferencedInPrompt needs a toolReferenceName`,
      );
      assert.match(t.icon ?? '', /^\$\([a-z-]+\)$/);
      for (const key of [t.displayName, t.userDescription ?? '']) {
        const m = /^%(.+)%$/.exec(key);
        assert.ok(m, `${t.name}: ${key} is not localized`);
        assert.ok(
          typeof en[m[1]] === 'string' && typeof zh[m[1]] === 'string',
          `${m[1]} in package.nls.json and package.nls.zh-cn.json`,
        );
      }
    }
    assert.equal(new Set(tools.map((t) => t.toolReferenceName)).size, tools.length);
  });

  it('requires the VS Code that has the language-model tool API, and types of that same version', () => {
    // vscode.lm.registerTool, lm.invokeTool and LanguageModelTool became stable API in 1.95.
    assert.equal(pkg.engines.vscode, '^1.95.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.95.0');
    const lock = json('package-lock.json') as { packages: Record<string, { version?: string }> };
    assert.equal(lock.packages['node_modules/@types/vscode'].version, '1.95.0');
  });
});
