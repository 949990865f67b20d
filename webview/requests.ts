/**
 * The page's requests to the host, per scene. One request in flight per scene and the newest
 * waiting, so a fast drag never queues work; once a staged answer (a surface) has drawn its first
 * picture, a newer request replaces it at once and the host drops the rest of the old one.
 * Answers are cached, and a focused slider's next steps are fetched ahead (./anticipate).
 *
 * The host answers every request it was sent (a result, or an error, also for a request it turned
 * away), so a scene never stays on "Computing…": the answer ends the flight either way, and the
 * request that waited behind it goes out. No DOM here.
 */
import type { SceneId, SceneRequest, WebviewMessage } from '../src/protocol';
import { Lru } from '../src/lru';
import { mark, perf, record } from './perf';

/** The identity of a request: equal requests compute equal data. */
const requestKey = (r: SceneRequest): string => JSON.stringify(r);

/**
 * A request on its way. `stale`: the cache already drew something newer; keep, do not draw.
 * `drawn`: a first, coarse answer has been drawn; the final one is still to come.
 */
type Flight = {
  seq: number;
  key: string;
  sentAt: number;
  at?: number;
  stale?: boolean;
  drawn?: boolean;
  next?: { req: SceneRequest; key: string; at?: number };
};

/** What the requests need of the page. */
export interface RequestsPage {
  post(m: WebviewMessage): void;
  /** Draws an answer; `at` is the input event that asked for it, for the latency numbers. */
  draw(scene: SceneId, data: unknown, received: number, at: number | undefined): void;
  /** A request went out: the scene says it is computing. */
  loading(scene: SceneId): void;
  /** The host could not compute the scene's request. */
  failed(scene: SceneId, message: string): void;
  /** The scene's answers come in stages (a surface): they are neither cached nor fetched ahead. */
  staged(scene: SceneId): boolean;
}

export class Requests {
  private readonly flights = new Map<SceneId, Flight>();
  /** The latest answers. A regression answer is ~100 KB, so this stays small. */
  private readonly cache = new Lru<string, unknown>(96);
  /** Per scene, the focused slider's likely next requests, and the prefetch on its way. */
  private readonly probes = new Map<SceneId, () => SceneRequest[]>();
  private readonly prefetching = new Map<SceneId, { seq: number; keys: string[] }>();
  /** Requests a prefetch came back without (null): not asked ahead again, only when the slider gets there. */
  private readonly refused = new Set<string>();
  private seq = 0;

  constructor(private readonly page: RequestsPage) {}

  /** Whether the scene waits for an answer. */
  inFlight(scene: SceneId): boolean {
    return this.flights.has(scene);
  }

  compute(scene: SceneId, req: SceneRequest, at?: number): void {
    const key = requestKey(req);
    const known = this.page.staged(scene) ? undefined : this.cache.get(key);
    const f = this.flights.get(scene);
    if (known !== undefined) {
      // Drawn now from the cache; whatever is in flight is older than this.
      if (f) {
        f.stale = true;
        f.next = undefined;
      }
      perf.cacheHits++;
      this.page.draw(scene, known, performance.now(), at);
      this.pump(scene);
      return;
    }
    if (f && !f.drawn) {
      // One request per scene in flight; the newest waits, keeping the earliest input time so
      // the latency numbers count the wait too.
      f.next = { req, key, at: f.next?.at ?? at };
      return;
    }
    // Nothing in flight, or one that has shown its first picture: this one replaces it (the host
    // stops the old one), so a drag across a slow surface is not held up by its fine grid.
    this.send(scene, req, key, at);
    this.pump(scene);
  }

  private send(scene: SceneId, req: SceneRequest, key: string, at?: number): void {
    const seq = ++this.seq;
    this.flights.set(scene, { seq, key, sentAt: performance.now(), ...(at !== undefined ? { at } : {}) });
    mark('firstComputeSent');
    this.page.loading(scene);
    this.page.post({ type: 'compute', seq, request: req });
  }

  /** An answer from the host; staged scenes (surfaces) answer several times, `final` the last. */
  onResult(seq: number, scene: SceneId, data: unknown, final: boolean): void {
    const f = this.flights.get(scene);
    if (!f || f.seq !== seq) return; // an answer to a request we no longer wait for
    const received = performance.now();
    record(perf.roundTrip, received - f.sentAt);
    mark('firstResultReceived');
    if (final && !this.page.staged(scene)) this.cache.set(f.key, data);
    if (!f.stale) this.page.draw(scene, data, received, f.at);
    f.at = undefined; // count each input once (surfaces answer several times)
    if (!final) {
      f.drawn = true;
      if (f.next) this.send(scene, f.next.req, f.next.key, f.next.at);
      return;
    }
    this.flights.delete(scene);
    if (f.next) this.send(scene, f.next.req, f.next.key, f.next.at);
    else this.pump(scene);
  }

  onError(seq: number, scene: SceneId, message: string): void {
    const f = this.flights.get(scene);
    if (!f || f.seq !== seq) return;
    if (!f.stale) this.page.failed(scene, message);
    this.flights.delete(scene);
    if (f.next) this.send(scene, f.next.req, f.next.key, f.next.at);
    else this.pump(scene);
  }

  anticipate(scene: SceneId, next: (() => SceneRequest[]) | null): void {
    if (next) this.probes.set(scene, next);
    else this.probes.delete(scene);
    this.pump(scene);
  }

  /**
   * Fetches ahead for a focused slider: one prefetch at a time per scene, sent beside the request
   * in flight (a drag that outruns the cache needs the next steps soonest).
   */
  private pump(scene: SceneId): void {
    const next = this.probes.get(scene);
    if (!next || this.prefetching.has(scene) || this.page.staged(scene)) return;
    const wanted = next()
      .map((request) => ({ request, key: requestKey(request) }))
      .filter((w) => !this.cache.has(w.key) && !this.refused.has(w.key));
    if (!wanted.length) return;
    const seq = ++this.seq;
    this.prefetching.set(scene, { seq, keys: wanted.map((w) => w.key) });
    this.page.post({ type: 'prefetch', seq, requests: wanted.map((w) => w.request) });
  }

  onPrefetched(seq: number, results: readonly ({ scene: SceneId; data: unknown } | null)[]): void {
    for (const [scene, p] of this.prefetching) {
      if (p.seq !== seq) continue;
      this.prefetching.delete(scene);
      if (this.refused.size > 256) this.refused.clear();
      p.keys.forEach((key, k) => {
        const r = results[k];
        if (r) this.cache.set(key, r.data);
        else this.refused.add(key);
      });
      perf.prefetched += results.length;
      this.pump(scene);
      return;
    }
  }
}
