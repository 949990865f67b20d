/**
 * Hovers in a notebook: a cell reads its imports, aliases and loss objects from the Python cells
 * above it, in cell order (./src/hover/bindingChain), as the provider asks it. Expected values
 * are the symbols the hover table names and the lines counted by hand in the cells below.
 */
import { strict as assert } from 'node:assert';
import { BindingChain, type Source } from '../../src/hover/bindingChain';
import { hoverMarkdown, type HoverLabels } from '../../src/hover/format';
import { frameworkLossAt } from '../../src/hover/resolveSymbol';
import { Cancelled, runToEnd } from '../../src/syntax/slices';
import { CATALOG, LABELS } from '../support/hover';

/** The hover tests' labels, with where a notebook's loss object was made: its cell too. */
const labels: HoverLabels = {
  ...LABELS,
  holds: (n, c, l, cell) =>
    cell === undefined ? `${n} holds ${c} (line ${l})` : `${n} holds ${c} (cell ${cell}, line ${l})`,
};

/** A notebook's Python cells as the provider passes them: key, version, text, 1-based cell number. */
class Cells {
  readonly reads = new Map<string, number>();
  private readonly versions: number[];

  constructor(private readonly texts: string[]) {
    this.versions = texts.map(() => 1);
  }

  edit(i: number, text: string): void {
    this.texts[i] = text;
    this.versions[i]++;
  }

  /** Cells 0..i, as the hover over cell i reads them. */
  upTo(i: number): Source[] {
    return this.texts.slice(0, i + 1).map((_, k) => ({
      key: `cell:${k}`,
      version: this.versions[k],
      language: 'python' as const,
      cell: k + 1,
      text: () => {
        this.reads.set(`cell:${k}`, (this.reads.get(`cell:${k}`) ?? 0) + 1);
        return this.texts[k];
      },
    }));
  }
}

const chain = (): BindingChain => new BindingChain((steps) => Promise.resolve(runToEnd(steps)));

/** The hover over the last character of the name `needle` starts with (`criterion` of `criterion(out`), on the `nth` line of cell `i` that has it. */
async function hover(c: BindingChain, cells: Cells, i: number, needle: string, nth = 0) {
  const layers = await c.layers(cells.upTo(i));
  const text = cells.upTo(i)[i].text();
  const lines = text.split('\n');
  const row = lines.map((l, k) => (l.includes(needle) ? k : -1)).filter((k) => k >= 0)[nth] ?? -1;
  assert.ok(row >= 0, `no ${needle} in cell ${i + 1}`);
  return frameworkLossAt(
    lines[row],
    lines[row].indexOf(needle) + /^[\w.]*\w/.exec(needle)![0].length - 1,
    layers[i].bindings,
    lines.slice(row + 1).join('\n'),
    () => layers.map((l) => () => l.instances()),
    row,
  );
}

describe('hover: notebook cells read the cells above them', () => {
  it('an import in cell 1 resolves a call in cell 6', async () => {
    const cells = new Cells([
      'import jax\nimport optax',
      'x = 1',
      'y = 2',
      'print(x)',
      'z = 3',
      'loss = optax.softmax_cross_entropy(logits, labels).mean()',
    ]);
    const found = await hover(chain(), cells, 5, 'optax.softmax');
    assert.equal(found?.loss.symbol, 'optax.softmax_cross_entropy');
    assert.equal(found?.catalogId, 'cross_entropy');
  });

  it('a loss object built in cell 3 from an alias of cell 2 is known where cell 5 calls it, and says which cell built it', async () => {
    const cells = new Cells([
      'import torch',
      'import torch.nn as nn',
      'criterion = nn.CrossEntropyLoss(label_smoothing=0.1)',
      'out = model(x)',
      'loss = criterion(out, y)',
    ]);
    const found = await hover(chain(), cells, 4, 'criterion(out');
    assert.equal(found?.loss.symbol, 'torch.nn.CrossEntropyLoss');
    assert.equal(found?.params.label_smoothing, 0.1);
    assert.equal(found?.heldBy?.cell, 3);
    const md = hoverMarkdown(found, CATALOG.get(found.catalogId)!, 'en', labels, {});
    assert.ok(md.includes('`criterion` holds `nn.CrossEntropyLoss(label_smoothing=0.1)` (cell 3, line 1)'), md);
  });

  it('an alias made in one cell from an import of an earlier cell', async () => {
    const cells = new Cells([
      'import torch.nn.functional as F',
      'ce = F.cross_entropy',
      'loss = ce(logits, y, label_smoothing=0.2)',
    ]);
    const found = await hover(chain(), cells, 2, 'ce(logits');
    assert.equal(found?.loss.symbol, 'torch.nn.functional.cross_entropy');
    assert.equal(found?.params.label_smoothing, 0.2);
  });

  it('in cell order: an import in a later cell does not resolve a name above it', async () => {
    const cells = new Cells(['loss = optax.l2_loss(p, t)', 'import optax']);
    assert.equal(await hover(chain(), cells, 0, 'optax.l2'), undefined);
  });

  it('the assignment in effect: the hovered cell’s own before the line, else the nearest cell above', async () => {
    const cells = new Cells([
      'import torch.nn as nn',
      'criterion = nn.MSELoss()',
      'a = criterion(p, t)',
      'b = criterion(p, t)\ncriterion = nn.L1Loss()\nc = criterion(p, t)',
    ]);
    const c = chain();
    assert.equal((await hover(c, cells, 2, 'criterion(p'))?.loss.symbol, 'torch.nn.MSELoss');
    assert.equal((await hover(c, cells, 3, 'criterion(p'))?.loss.symbol, 'torch.nn.MSELoss');
    const own = await hover(c, cells, 3, 'criterion(p', 1);
    assert.equal(own?.loss.symbol, 'torch.nn.L1Loss');
    // Built in the hovered cell: no cell number, its line in the cell.
    assert.equal(own?.heldBy?.cell, undefined);
    assert.equal(own?.heldBy?.instance.line, 1);
  });

  it('a cell edit reads that cell and the cells below again, never those above', async () => {
    const cells = new Cells([
      'import torch.nn as nn',
      'criterion = nn.HuberLoss(delta=2.0)',
      'F = None',
      'loss = criterion(p, t)',
    ]);
    const c = chain();
    const first = await c.layers(cells.upTo(3));
    cells.reads.clear();
    const again = await c.layers(cells.upTo(3));
    assert.deepEqual(
      again.map((l, i) => l === first[i]),
      [true, true, true, true],
      'nothing changed: every layer kept',
    );
    assert.equal(cells.reads.size, 0, 'nothing changed: no text read');

    cells.edit(1, 'criterion = nn.SmoothL1Loss(beta=0.5)');
    const edited = await c.layers(cells.upTo(3));
    assert.deepEqual(
      edited.map((l, i) => l === first[i]),
      [true, false, false, false],
    );
    // Only the edited cell's text was parsed again; the cells below were re-read from their kept parse.
    assert.deepEqual([...cells.reads.keys()], ['cell:1']);
    assert.equal((await hover(c, cells, 3, 'criterion(p'))?.loss.symbol, 'torch.nn.SmoothL1Loss');
  });

  it('a cell changed while the chain reads it: the reading is cancelled, not answered with the old text', async () => {
    const cells = new Cells(['import optax', 'loss = optax.l2_loss(p, t)']);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const c = new BindingChain(async (steps) => {
      await gate;
      return runToEnd(steps);
    });
    const reading = c.layers(cells.upTo(1));
    cells.edit(1, 'loss = optax.huber_loss(p, t)');
    const newer = c.layers(cells.upTo(1));
    release();
    await assert.rejects(reading, Cancelled);
    assert.equal((await newer)[1].source.version, 2);
  });
});
