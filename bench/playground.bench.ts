/**
 * The playground's host-side work (design budgets): a loss surface of 201×201 cells over 1,000
 * samples shows its first picture within 50 ms and is whole within 300 ms, for every loss the
 * surface scene offers; and what one slider step costs the host for the curve scenes. The
 * browser's share (drawing, and the round trip through VS Code) is measured in the e2e run.
 */
import { computeScene } from '../src/playground/scenes';
import { surfaceStages } from '../src/playground/experiments';
import { SURFACE_LOSSES, type SceneRequest, type SurfaceInput } from '../src/protocol';
import type { BenchGroup, Task } from './harness';

const surface = (loss: SurfaceInput['loss']): SurfaceInput => ({ loss, delta: 1, seed: 1, n: 1000, noise: 1, start: [-1.5, 3.5], eta: 0.1, steps: 60, resolution: 201 });

function surfaceTask(loss: SurfaceInput['loss']): Task {
  const input = surface(loss);
  return {
    name: `surface ${loss}, 201×201 over 1,000 samples`,
    variants: [
      { name: 'first picture', run: () => surfaceStages(input).next() },
      {
        name: 'full',
        run: () => {
          for (const _ of surfaceStages(input));
        },
      },
    ],
    budgets: [
      { kind: 'time', subject: 'first picture', stat: 'p95', maxMs: 50 },
      { kind: 'time', subject: 'full', stat: 'p95', maxMs: 300 },
    ],
  };
}

const STEPS: SceneRequest[] = [
  { scene: 'regression', input: { range: 3, beta: 1, delta: 1.5, q: 0.5 } },
  { scene: 'probability', input: { steps: 399 } },
  { scene: 'neuron', input: { w: 2, b: 2, eta: 0.15, epochs: 300 } },
  { scene: 'softmax', input: { logits: [-1.6, -0.7, -1.2], target: 2 } },
];

const group: BenchGroup = {
  name: 'playground',
  title: 'Playground: host-side work per picture',
  notes: ['first picture: the coarse grid the page draws at once; full: every slice of the fine grid (yielding between slices is not timed).'],
  *tasks() {
    for (const loss of SURFACE_LOSSES) yield () => surfaceTask(loss);
    yield () => ({
      name: 'one slider step (host compute)',
      variants: STEPS.map((req) => ({ name: req.scene, run: () => computeScene(req) })),
    });
  },
};

export default group;
