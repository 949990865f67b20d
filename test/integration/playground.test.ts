// The playground panel in a real extension host: opening it (with and without arguments), one
// panel however often it is opened, and every message into the host validated: a malformed one is
// rejected and logged to the "Loss Playground" output channel, and the panel carries on.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, playgroundTabs, waitFor } from './vscodeHelpers';

/** The extension's test-only command (not in the manifest): a raw message through the panel's validation path. */
type Receipt = { receipt?: { accepted: boolean; error?: string }; log: string[] };
const receive = (raw: unknown): Thenable<Receipt> =>
  vscode.commands.executeCommand<Receipt>('lossPlayground._receiveForTest', raw);

async function openPanel(arg?: unknown): Promise<void> {
  await vscode.commands.executeCommand('lossPlayground.open', arg);
  await waitFor(
    () => playgroundTabs(),
    (t) => t.length === 1,
    'the Loss Playground tab',
  );
}

describe('Loss Playground panel', () => {
  afterEach(closeAllEditors);

  it('opens on a loss and scene from the command argument (as hovers and lenses call it)', async () => {
    await openPanel({ loss: 'huber', params: { delta: 2 } });
    await openPanel({ scene: '7' });
    await openPanel({
      scene: 'yourLoss',
      series: {
        title: 'my_loss',
        coordinate: 'pred[0]',
        x: [0, 1, 2],
        loss: [0, 1, 4],
        analytic: [0, 2, 4],
        numeric: [0, 2, 4],
      },
    });
    assert.equal(playgroundTabs().length, 1, 'opening with arguments reuses the one panel');
  });

  it('takes a scene’s controls in params: { scene: "surface", params: { view: "3d" } } opens the 3-D view, a wrong one is logged', async () => {
    const problems = async (): Promise<string[]> =>
      (await receive({ type: 'ready' })).log.filter((l) =>
        /lossPlayground.open: ignored a bad argument|open: .*opening the playground as it was/.test(l),
      );
    const before = (await problems()).length;
    await openPanel({ scene: 'surface', params: { view: '3d' } });
    assert.deepEqual((await problems()).slice(before), [], 'the 3-D view’s argument was turned away');
    await openPanel({ scene: 'surface', params: { view: '4d' } });
    const after = (await problems()).slice(before);
    assert.equal(after.length, 1, after.join('\n'));
    assert.match(after[0], /surface.view must be one of 2d, 3d, got "4d"; opening the playground as it was/);
  });

  it('opens the surface scene with a penalty from the command’s params, and names a bad one in the log', async () => {
    await openPanel({ scene: 'surface', params: { penalty: 'l2', lambda: 0.1 } });
    await openPanel({ scene: 'surface', params: { penalty: 'l1', lambda: 99 } });
    const { log } = await receive({ type: 'ready' });
    assert.ok(!log.some((l) => /penalty: 'l2'|surface.penalty/.test(l)), log.join('\n'));
    assert.ok(
      log.some((l) => /surface.lambda must be in \[0, 10\], got 99; opening the playground as it was/.test(l)),
      log.join('\n'),
    );
  });

  it('survives a bad command argument: logs it and opens the playground anyway', async () => {
    await openPanel({ loss: 42, bogus: true });
    const { log } = await receive({ type: 'ready' });
    assert.ok(
      log.some((l) => /lossPlayground.open: ignored a bad argument/.test(l)),
      log.join('\n'),
    );
  });

  it('survives hostile arguments from another extension (deep, cyclic, BigInt, Proxy, throwing getter): logs each and opens', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic.params = cyclic;
    const hostile: [string, unknown][] = [
      ['deep', { loss: deep }],
      ['cyclic', cyclic],
      ['bigint', { params: { delta: 10n } }],
      [
        'proxy',
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('proxy trap');
            },
          },
        ),
      ],
      [
        'getter',
        {
          get scene(): string {
            throw new Error('getter threw');
          },
        },
      ],
    ];
    for (const [what, arg] of hostile) {
      // Commands of the same extension host get their arguments as they are, not serialized.
      await openPanel(arg).then(undefined, (e: unknown) =>
        assert.fail(`lossPlayground.open threw for the ${what} argument: ${String(e)}`),
      );
    }
    const { log } = await receive({ type: 'ready' });
    const ignored = log.filter((l) => /lossPlayground.open: ignored a bad argument/.test(l)).slice(-hostile.length);
    assert.equal(ignored.length, hostile.length, log.join('\n'));
    assert.match(ignored[0], /loss must be a string, got an object that cannot be shown/);
    assert.match(ignored[2], /params.delta must be a finite number, got 10n/);
    assert.match(ignored[3], /could not be read: Error: proxy trap/);
    assert.match(ignored[4], /could not be read: Error: getter threw/);
  });

  it('rejects a malformed message from the page, logs why, and keeps the panel', async () => {
    await openPanel();
    const bad = await receive({
      type: 'compute',
      seq: 1,
      request: { scene: 'softmax', input: { logits: [1, Number.NaN], target: 0 } },
    });
    assert.equal(bad.receipt?.accepted, false);
    assert.match(bad.receipt?.error ?? '', /softmax.logits\[1\] must be a finite number/);
    assert.ok(
      bad.log.some((l) => /\[warn\] rejected a message from the playground page: softmax.logits\[1\]/.test(l)),
      bad.log.join('\n'),
    );
    for (const junk of [
      null,
      'ready',
      { type: 'eval', code: 'process.exit()' },
      { type: 'export', format: 'png', scene: 'margin', data: 'file:///etc/passwd' },
    ]) {
      const r = await receive(junk);
      assert.equal(r.receipt?.accepted, false, `accepted ${JSON.stringify(junk)}`);
    }
    // The panel is still there and still answers well-formed requests.
    assert.equal(playgroundTabs().length, 1);
    const good = await receive({
      type: 'compute',
      seq: 2,
      request: { scene: 'softmax', input: { logits: [0, 1, 2], target: 2 } },
    });
    assert.deepEqual(good.receipt, { accepted: true });
  });

  it('accepts a surface request, computed on the worker thread (dist/playground-worker.js starts in the real host)', async () => {
    await openPanel();
    const r = await receive({
      type: 'compute',
      seq: 3,
      request: {
        scene: 'surface',
        input: {
          loss: 'mse',
          delta: 1,
          seed: 1,
          n: 50,
          noise: 1,
          start: [0, 0],
          eta: 0.1,
          steps: 10,
          resolution: 21,
          penalty: 'l2',
          lambda: 0.1,
        },
      },
    });
    assert.deepEqual(r.receipt, { accepted: true });
    // A worker that cannot start says so in the log, a moment later; a metric message fetches the log.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { log } = await receive({ type: 'metric', name: 'firstChart', millis: 1 });
    assert.ok(!log.some((l) => /compute worker/.test(l)), log.join('\n'));
  });

  it("opens the network scene by id (`{ scene: 'network', view }`), trains on the worker, and turns away a loss that does not fit its data set", async () => {
    const before = (await receive({ type: 'metric', name: 'firstChart', millis: 1 })).log.length;
    await openPanel({ scene: 'network', view: { dataset: 'xor', epochs: 20 } });
    const input = {
      dataset: 'xor',
      n: 50,
      noise: 0.1,
      dataSeed: 1,
      hidden: [4],
      activation: 'tanh',
      output: 'sigmoid',
      initScale: 1,
      initSeed: 1,
      loss: 'bce',
      eta: 0.1,
      batch: 10,
      epochs: 20,
      pace: 0,
      resolution: 16,
    };
    assert.deepEqual((await receive({ type: 'compute', seq: 4, request: { scene: 'network', input } })).receipt, {
      accepted: true,
    });
    const wrong = await receive({
      type: 'compute',
      seq: 5,
      request: { scene: 'network', input: { ...input, dataset: 'plane' } },
    });
    assert.equal(wrong.receipt?.accepted, false);
    assert.match(wrong.receipt?.error ?? '', /network.loss: bce is not a loss for regression \(plane\)/);
    const log = (await receive({ type: 'metric', name: 'firstChart', millis: 1 })).log.slice(before);
    assert.ok(!log.some((l) => /lossPlayground.open: ignored a bad argument|compute worker/.test(l)), log.join('\n'));
  });

  it('opens the formula scene on a formula (params as its controls), and turns away one that does not check out', async () => {
    await openPanel({ scene: 'formula', params: { f: 'max(0, 1 - y*a)^2', y: -1 } });
    await openPanel({ scene: 'formula', params: { f: 'import(1)' } });
    const { log } = await receive({ type: 'ready' });
    assert.ok(
      log.some((l) => /open: formula.f: Unknown name `import` at column 1/.test(l)),
      log.join('\n'),
    );
    const r = await receive({
      type: 'compute',
      seq: 4,
      request: { scene: 'formula', input: { f: 'a b', y: 1, range: 3 } },
    });
    assert.deepEqual(
      r.receipt,
      { accepted: true },
      'a formula with a mistake is a request like any other: the answer says what is wrong',
    );
  });

  it('restores itself after a reload: a serializer is registered for its view type', () => {
    const ext = vscode.extensions.getExtension('loss-playground.loss-playground')!;
    assert.ok(
      (ext.packageJSON as { activationEvents: string[] }).activationEvents.includes('onWebviewPanel:lossPlayground'),
    );
  });
});
