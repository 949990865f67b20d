// The explain tool without VS Code (src/agent/explain.ts): names as code writes them resolve to
// the hover's table entry (src/hover/frameworkLosses.ts) and the catalog loss it computes, and the
// text carries that entry's defaults and differences and the catalog's TeX, word for word.
import { strict as assert } from 'node:assert';
import { explainLoss, explainText } from '../../src/agent/explain';
import { listLosses } from '../../src/engine';
import { FRAMEWORK_LOSSES } from '../../src/hover/frameworkLosses';

const tex = (id: string): { loss: string; grad: string } => listLosses().find((l) => l.id === id)!.tex;

function framework(name: string): { symbol: string; catalogId: string; text: string } {
  const e = explainLoss(name);
  assert.equal(e.kind, 'framework', `${name}: ${explainText(e)}`);
  return e.kind === 'framework'
    ? { symbol: e.found.loss.symbol, catalogId: e.found.catalogId, text: explainText(e) }
    : { symbol: '', catalogId: '', text: '' };
}

describe('agent: explain a framework loss', () => {
  it('resolves the names the brief and the hovers use, under the usual import aliases', () => {
    const cases: Array<[string, string, string]> = [
      ['F.cross_entropy', 'torch.nn.functional.cross_entropy', 'cross_entropy'],
      ['nn.SmoothL1Loss', 'torch.nn.SmoothL1Loss', 'smooth_l1'],
      ['keras.losses.Huber', 'keras.losses.Huber', 'huber'],
      ['tf.keras.losses.Huber', 'keras.losses.Huber', 'huber'],
      ['optax.softmax_cross_entropy', 'optax.softmax_cross_entropy', 'cross_entropy'],
      ['optax.losses.softmax_cross_entropy', 'optax.softmax_cross_entropy', 'cross_entropy'],
      ['tf.losses.huberLoss', 'tfjs.losses.huberLoss', 'huber'],
      ['torch.nn.modules.loss.KLDivLoss', 'torch.nn.KLDivLoss', 'kl_div'],
      ['torchvision.ops.sigmoid_focal_loss', 'torchvision.ops.sigmoid_focal_loss', 'focal'],
      // Bare names: the table entry with that last segment.
      ['CrossEntropyLoss', 'torch.nn.CrossEntropyLoss', 'cross_entropy'],
      ['huberLoss', 'tfjs.losses.huberLoss', 'huber'],
      ['bcewithlogitsloss', 'torch.nn.BCEWithLogitsLoss', 'bce_with_logits'],
      ['binary_crossentropy', 'keras.losses.binary_crossentropy', 'bce'],
    ];
    for (const [name, symbol, catalogId] of cases) {
      const f = framework(name);
      assert.deepEqual([f.symbol, f.catalogId], [symbol, catalogId], name);
    }
  });

  it('gives the formula and gradient, the defaults, the reduction and the differences of the entry', () => {
    const { text } = framework('nn.SmoothL1Loss');
    const entry = FRAMEWORK_LOSSES.get('torch.nn.SmoothL1Loss')!;
    assert.match(text, /^torch\.nn\.SmoothL1Loss: PyTorch class, computes Smooth L1 \(catalog id 'smooth_l1'\)\.$/m);
    assert.ok(
      text.includes(
        `Formula (TeX):\n  ${tex('smooth_l1').loss}\nGradient with respect to the input (TeX):\n  ${tex('smooth_l1').grad}`,
      ),
    );
    assert.match(text, /^- reduction = 'mean'\n- beta = 1\.0$/m);
    assert.ok(text.includes(`Default reduction: ${entry.reduction.en}`));
    for (const d of entry.differences) assert.ok(text.includes(`- ${d.en}`), d.en);
    assert.match(text, /^The same loss \(smooth_l1\) elsewhere:\n- PyTorch: torch\.nn\.functional\.smooth_l1_loss$/m);
  });

  it("applies a call's literal keyword arguments as the hover does", () => {
    const huber = framework('nn.HuberLoss(delta=2.0)');
    assert.match(huber.text, /^- delta = 1\.0 \(this call: 2\.0\)$/m);
    assert.match(huber.text, /^In the playground's catalog terms: delta=2\.$/m);
    const logits = framework('keras.losses.BinaryCrossentropy(from_logits=True)');
    assert.equal(logits.catalogId, 'bce_with_logits');
    assert.match(
      logits.text,
      /With these arguments it computes Binary cross-entropy with logits rather than Binary cross-entropy/,
    );
    assert.ok(logits.text.includes(tex('bce_with_logits').loss));
    assert.match(
      framework('keras.losses.BinaryCrossentropy').text,
      /With from_logits=True it computes Binary cross-entropy with logits \(catalog id 'bce_with_logits'\) instead\./,
    );
  });

  it('explains a catalog id: parameters with defaults and ranges, reductions, and every framework that has it', () => {
    const e = explainLoss('huber');
    assert.equal(e.kind, 'catalog');
    const text = explainText(e);
    assert.match(text, /^huber: Huber \(Loss Playground catalog, family regression\)\.$/m);
    assert.ok(text.includes(tex('huber').grad));
    assert.match(text, /^- delta = 1 \(range > 0, ≤ 1000000\): Where the quadratic part turns linear; must be > 0$/m);
    assert.match(text, /^Reductions: mean \(default\), sum, none\.$/m);
    assert.match(
      text,
      /^- PyTorch: torch\.nn\.functional\.huber_loss, torch\.nn\.HuberLoss\n- Keras: keras\.losses\.Huber, keras\.losses\.huber\n- Optax: optax\.huber_loss\n- TensorFlow\.js: tf\.losses\.huberLoss$/m,
    );
    assert.match(text, /Where frameworks differ:\n- Huber\(δ\) = δ · SmoothL1/);
    assert.equal(explainLoss('Cross-Entropy').kind, 'catalog');
  });

  it('says when a name is unknown, with the nearest names', () => {
    const e = explainLoss('crossentropy');
    assert.equal(e.kind, 'unknown');
    const text = explainText(e);
    assert.match(text, /^No loss named 'crossentropy' is known to Loss Playground/);
    assert.match(text, /Did you mean: cross_entropy, /);
    assert.doesNotMatch(explainText(explainLoss('zzz')), /Did you mean/);
  });

  it('knows every entry of the hover table by its own symbol', () => {
    for (const [symbol, entry] of FRAMEWORK_LOSSES) {
      const name = symbol.replace(/^tfjs\./, 'tf.');
      const f = framework(name);
      assert.equal(f.symbol, symbol, name);
      assert.equal(f.catalogId, entry.catalogId, name);
    }
  });
});
