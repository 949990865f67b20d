/**
 * A small least-recently-used cache: the last `capacity` values by key, the one read or written
 * longest ago dropped first. Pure (no `vscode`, no DOM): the host's surfaces
 * (src/playground/scenes/surface.ts) and the page's answers (webview/requests.ts) both keep one.
 */
export class Lru<K, V> {
  // A Map iterates in insertion order: re-inserting on every use keeps the oldest first.
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const v = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  get size(): number {
    return this.entries.size;
  }
}
