/**
 * What a scene's host module is: its id, the checks of what may come in for it (a request's input
 * from the page, its controls from a link or the open command) and its compute. The registry
 * (./index.ts) holds one per scene id; the types tie each to the protocol's maps, so a module
 * whose input, answer or controls drift from src/protocol.ts does not compile.
 */
import type { ComputedSceneId, SceneData, SceneId, SceneInputs, SceneViews } from '../../protocol';
import type { RecordSchema } from '../validate';

/** One answer of a compute; `final` on the last. Null: a slice of work with nothing new to send. */
export type Stage<K extends ComputedSceneId> = { data: SceneData[K]; final: boolean };
/**
 * A paced compute (a network's play) is ahead of its pace: its next slice waits `rest` ms, and the
 * thread runs other work or idles meanwhile. Only the worker's runner waits; run in one go (tests,
 * prefetches) a compute never does.
 */
export type Rest = { rest: number };
export type Compute<K extends ComputedSceneId> = (input: SceneInputs[K]) => Iterable<Stage<K> | Rest | null>;

export function isRest(s: object): s is Rest {
  return 'rest' in s;
}

/** What every scene's host module has. */
export interface HostScene<K extends SceneId> {
  readonly id: K;
  /** The page's controls, as a link or the open command's `view` sets them. */
  readonly view: RecordSchema<SceneViews[K]>;
}

/** A scene the host computes for. */
export interface ComputedScene<K extends ComputedSceneId> extends HostScene<K> {
  /** A request's input, as the page sends it. */
  readonly input: RecordSchema<SceneInputs[K]>;
  /** A valid input, for the tests (the registry's checks every scene's). */
  readonly example: SceneInputs[K];
  /**
   * Answers in several stages (a surface: coarse, then the fine grid a slice at a time), so it is
   * never fetched ahead and the page does not cache it.
   */
  readonly staged: boolean;
  /**
   * The answers to an input, stage by stage. What a scene keeps between requests (a surface cache)
   * lives in its module: one per thread that computes (the worker's, or the host's without one).
   */
  readonly compute: Compute<K>;
}

/** A scene the page draws from what it has (scene 10 draws what a grad-check sends). */
export interface PageOnlyScene<K extends SceneId> extends HostScene<K> {
  /** Why a request for it is turned away. */
  readonly nothingToCompute: string;
}

/** A scene answered in one piece by a pure function. */
export function computed<K extends ComputedSceneId>(
  s: Omit<ComputedScene<K>, 'staged' | 'compute'> & { answer: (input: SceneInputs[K]) => SceneData[K] },
): ComputedScene<K> {
  const { answer, ...rest } = s;
  return { ...rest, staged: false, compute: (input) => [{ data: answer(input), final: true }] };
}
