/**
 * The network scene's host module (src/playground/scenes/network.ts) and how its training streams
 * through the job runner: the checks of its input and controls (naming the field, and the losses
 * that fit the data set), a training answered in stages whose last one is final at the epoch asked
 * for, equal to training from scratch however it got there (resumed, paused back to a snapshot),
 * and a paced play that rests instead of spinning, so other scenes and a newer request are served
 * meanwhile. Numbers are compared with the engine run directly (src/engine, tested on its own in
 * engine-network.test.ts).
 */
import { strict as assert } from 'node:assert';
import { NetworkTraining } from '../../src/engine';
import { JobRunner, type JobReply } from '../../src/playground/jobs';
import { focusFor } from '../../src/playground/focus';
import { focusForLink, LINK_PATH } from '../../src/playground/link';
import { parseOpenArgs, parseWebviewMessage } from '../../src/playground/messages';
import { COMPUTED, isRest } from '../../src/playground/scenes';
import {
  curveEpochs,
  networkStage,
  networkStages,
  networkTraining,
  TrainingCache,
} from '../../src/playground/scenes/network';
import type { HostMessage, NetworkData, NetworkInput } from '../../src/protocol';

const input = (o: Partial<NetworkInput> = {}): NetworkInput => ({ ...COMPUTED.network.example, ...o });

/** Every stage of a compute run in one go, rests left out. */
function stages(i: NetworkInput, cache = new TrainingCache()): { data: NetworkData; final: boolean }[] {
  return [...networkStages(i, cache)].filter((s) => s !== null && !isRest(s)) as {
    data: NetworkData;
    final: boolean;
  }[];
}
const last = (i: NetworkInput, cache?: TrainingCache): NetworkData => stages(i, cache).at(-1)!.data;
/** What differs run to run: the measured speed. */
const timeless = (d: NetworkData): NetworkData => ({ ...d, stepsPerSecond: 0 });

describe('playground: the network scene’s checks', () => {
  const rejected = (inputValue: unknown): string => {
    const r = parseWebviewMessage({ type: 'compute', seq: 1, request: { scene: 'network', input: inputValue } });
    assert.equal(r.ok, false, `accepted ${JSON.stringify(inputValue)}`);
    return r.ok ? '' : r.error;
  };

  it('accepts its example, one loss or two, and every data set with a loss of its task', () => {
    for (const i of [
      input(),
      input({ lossB: undefined }),
      input({ dataset: 'bumps', loss: 'quantile', lossB: 'huber' }),
      input({ dataset: 'spiral', loss: 'cross_entropy', lossB: 'multi_margin', hidden: [8, 8, 8], activation: 'relu' }),
    ]) {
      const r = parseWebviewMessage({
        type: 'compute',
        seq: 1,
        request: { scene: 'network', input: JSON.parse(JSON.stringify(i)) as unknown },
      });
      assert.ok(r.ok, r.ok ? '' : r.error);
    }
  });

  it('turns away a loss that does not fit the data set’s task, naming the losses that do', () => {
    assert.match(
      rejected(input({ dataset: 'plane', loss: 'bce', lossB: undefined })),
      /network.loss: bce is not a loss for regression \(plane\); for regression: mse, l1, smooth_l1, huber, log_cosh, quantile/,
    );
    assert.match(
      rejected(input({ dataset: 'xor', loss: 'mse', lossB: 'quantile' })),
      /network.lossB: quantile is not a loss for classification \(xor\)/,
    );
    assert.match(rejected(input({ loss: 'zero_one' as NetworkInput['loss'] })), /network.loss must be one of mse, l1/);
  });

  it('turns away layers it does not build: none, more than 3, fractional or too wide', () => {
    assert.match(rejected(input({ hidden: [] })), /network.hidden must have 1 to 3 items, got 0/);
    assert.match(rejected(input({ hidden: [2, 2, 2, 2] })), /network.hidden must have 1 to 3 items, got 4/);
    assert.match(rejected(input({ hidden: [2.5] })), /network.hidden\[0\] must be an integer, got 2.5/);
    assert.match(rejected(input({ hidden: [9] })), /network.hidden\[0\] must be in \[1, 8\], got 9/);
    assert.match(rejected(input({ epochs: 10_001 })), /network.epochs must be in \[0, 10000\], got 10001/);
    assert.match(rejected(input({ eta: 0 })), /network.eta must be in \[0.00001, 10\], got 0/);
  });

  it("is opened by the contract: `lossPlayground.open` with `{ scene: 'network' }` (or 11), and links ?scene=network&…", () => {
    for (const scene of ['network', '11']) {
      const args = parseOpenArgs({ scene, view: { dataset: 'xor', epochs: 40 } });
      assert.ok(args.ok);
      assert.deepEqual(focusFor(args.value), { focus: { scene: 'network', view: { dataset: 'xor', epochs: 40 } } });
    }
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=network&dataset=spiral&hidden=8,8&loss=cross_entropy&epochs=300'), {
      focus: { scene: 'network', view: { dataset: 'spiral', hidden: [8, 8], loss: 'cross_entropy', epochs: 300 } },
    });
    assert.match(
      focusForLink(LINK_PATH, 'scene=network&dataset=plane&loss=hinge').problem ?? '',
      /network.loss: hinge is not a loss for regression \(plane\)/,
    );
    assert.match(
      focusForLink(LINK_PATH, 'scene=network&hidden=4,4,4,4').problem ?? '',
      /network.hidden must have 1 to 3 items, got 4/,
    );
  });

  it('a view keeps its second loss while comparing is off, and checks it once it is on', () => {
    const view = COMPUTED.network.view;
    const base = { dataset: 'plane', loss: 'mse', lossB: 'bce' } as const;
    assert.deepEqual(view.checkPartial({ ...base, compare: false }, 'network'), { ...base, compare: false });
    assert.throws(
      () => view.checkPartial({ ...base, compare: true }, 'network'),
      /network.lossB: bce is not a loss for regression/,
    );
  });
});

describe('playground: a training streamed in stages', () => {
  it('answers in stages, the last one final at the epoch asked for, with the engine’s numbers', () => {
    const i = input({ n: 400, batch: 1, epochs: 30 });
    const all = stages(i);
    assert.ok(all.length >= 1 && all.at(-1)!.final && all.slice(0, -1).every((s) => !s.final));
    const d = all.at(-1)!.data;
    assert.equal(d.epoch, 30);
    assert.equal(d.target, 30);
    assert.equal(d.steps, 30 * 400);
    const t = networkTraining(i);
    for (let e = 0; e < 30; e++) t.trainEpoch();
    assert.deepEqual(
      d.runs.map((r) => r.losses.at(-1)),
      t.runs.map((r) => Math.round(r.losses[30] * 1e6) / 1e6),
    );
    assert.deepEqual(
      d.runs.map((r) => r.loss),
      ['mse', 'bce'],
    );
    // Epochs between stages grow: every stage is a picture of a later epoch.
    const epochs = all.map((s) => s.data.epoch);
    assert.deepEqual(
      epochs,
      [...epochs].sort((a, b) => a - b),
    );
  });

  it('a configuration and an epoch are one network: resumed, or paused back to an earlier epoch, it equals a training from scratch', () => {
    const cache = new TrainingCache();
    const to = (epochs: number, c = cache): NetworkData => timeless(last(input({ epochs }), c));
    to(25);
    assert.deepEqual(to(60), to(60, new TrainingCache()), 'resumed from epoch 25');
    assert.deepEqual(to(40), to(40, new TrainingCache()), 'back from epoch 60 to a snapshot, then on to 40');
    assert.deepEqual(to(0), to(0, new TrainingCache()), 'reset');
  });

  it('sends what the page draws: the map in [0, 1] on the grid, the data, curves thinned past 500 epochs', () => {
    const d = last(input({ epochs: 3, resolution: 10 }));
    assert.equal(d.task, 'classification');
    assert.equal(d.metric, 'accuracy');
    assert.equal(d.points.length, 100);
    assert.ok(d.points.every((p) => p.label === 0 || p.label === 1));
    for (const r of d.runs) {
      assert.equal(r.map.length, 100);
      assert.ok(r.map.every((v) => v !== null && v >= 0 && v <= 1));
      assert.equal(r.losses.length, d.curveEpochs.length);
    }
    assert.deepEqual(d.curveEpochs, [0, 1, 2, 3]);
    assert.deepEqual(
      curveEpochs(500),
      Array.from({ length: 501 }, (_, k) => k),
    );
    const thin = curveEpochs(10_000);
    assert.ok(thin.length <= 502 && thin[0] === 0 && thin.at(-1) === 10_000, `${thin.length} points`);
    const reg = last(input({ dataset: 'saddle', loss: 'huber', lossB: undefined, epochs: 2, resolution: 8 }));
    assert.equal(reg.metric, 'r2');
    assert.ok(reg.range[0] < 0 && reg.range[1] > 0);
    assert.ok(
      reg.runs[0].map.every((v) => v !== null && v >= 0 && v <= 1),
      'the output scaled over the targets’ range, clamped',
    );
  });

  it('says where a run diverged, and draws nothing for it', () => {
    const d = last(
      input({
        dataset: 'plane',
        loss: 'mse',
        lossB: undefined,
        eta: 10,
        batch: 1,
        initScale: 10,
        hidden: [8, 8, 8],
        activation: 'relu',
        epochs: 20,
        resolution: 8,
      }),
    );
    assert.ok(d.runs[0].diverged !== null);
    assert.ok(d.runs[0].map.every((v) => v === null));
    assert.equal(d.runs[0].losses.at(-1), null);
  });

  it('keeps a pace by resting: ahead of it, the next slice waits, and no epoch is trained meanwhile', () => {
    const cache = new TrainingCache();
    const g = networkStages(input({ epochs: 10_000, pace: 1 }), cache);
    const seen: string[] = [];
    let epoch = -1;
    for (let k = 0; k < 6; k++) {
      const s = g.next().value as { data: NetworkData; final: boolean } | { rest: number } | null;
      if (s === null) seen.push('slice');
      else if (isRest(s)) {
        assert.ok(s.rest > 0 && s.rest <= 1000, `rest ${s.rest} ms at 1 epoch/s`);
        seen.push('rest');
      } else {
        epoch = s.data.epoch;
        seen.push(`epoch ${s.data.epoch}`);
      }
    }
    // One epoch trained (a second of pace), its picture, then rests: asked again at once, it still rests.
    assert.deepEqual(seen, ['epoch 1', 'rest', 'rest', 'rest', 'rest', 'rest']);
    assert.equal(epoch, 1);
    g.return(undefined);
  });

  it('the page’s stage data is the engine’s training at that epoch', () => {
    const i = input({ epochs: 5 });
    const t = networkTraining(i);
    for (let e = 0; e < 5; e++) t.trainEpoch();
    const direct = networkStage(i, { training: t, snapshots: [], stepsPerSecond: 0 });
    assert.deepEqual(timeless(last(i)), direct);
    assert.ok(t instanceof NetworkTraining);
  });
});

describe('playground: the job runner while a play rests', () => {
  const unpack = (r: JobReply): Exclude<HostMessage, { type: 'packed' }> | undefined =>
    r.bytes ? (JSON.parse(new TextDecoder().decode(r.bytes)) as Exclude<HostMessage, { type: 'packed' }>) : undefined;
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('sleeps instead of spinning, serves another scene meanwhile, and a newer request stops the play at once', async () => {
    const replies: JobReply[] = [];
    let turns = 0;
    const runner = new JobRunner(
      (r) => replies.push(r),
      (f) => {
        turns++;
        setImmediate(f);
      },
    );
    // A play at 5 epochs per second: one epoch, then a rest of about 200 ms before the next.
    runner.accept({
      type: 'compute',
      job: 1,
      seq: 1,
      request: { scene: 'network', input: input({ epochs: 10_000, pace: 5 }) },
    });
    await sleep(300);
    const firstPicture = replies.find((r) => r.job === 1 && unpack(r)?.type === 'result');
    assert.ok(firstPicture, 'the play sent its first picture');
    // A busy-waiting runner takes thousands of turns in 300 ms; resting, a handful per epoch.
    assert.ok(turns < 50, `${turns} turns of the event loop in 300 ms of a 5-epochs-per-second play`);
    // Another scene is answered while the play rests.
    runner.accept({ type: 'compute', job: 2, seq: 2, request: { scene: 'margin', input: { range: 2 } } });
    await sleep(50);
    assert.ok(
      replies.some((r) => r.job === 2 && r.done && unpack(r)?.type === 'result'),
      'the margin scene was answered during the rest',
    );
    // A pause: the newest network request supersedes the play and is answered from the snapshot.
    const paused = (unpack(firstPicture) as { result: { data: NetworkData } }).result.data.epoch;
    runner.accept({
      type: 'compute',
      job: 3,
      seq: 3,
      request: { scene: 'network', input: input({ epochs: paused, pace: 0 }) },
    });
    await sleep(50);
    assert.ok(
      replies.some((r) => r.job === 1 && r.done),
      'the play is over',
    );
    const answer = replies.find((r) => r.job === 3 && r.done);
    const m = answer && unpack(answer);
    assert.ok(
      m?.type === 'result' && m.final && m.result.scene === 'network' && m.result.data.epoch === paused,
      JSON.stringify(m && { ...m, result: undefined }),
    );
    assert.equal(runner.pending, 0);
  });
});
