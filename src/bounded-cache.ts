/**
 * A memo that keeps at most `limit` entries, forgetting the least recently used ones first. Words and
 * passages recur, so caching them pays; questions come from strangers, so no cache may grow forever.
 *
 * Two generations instead of a strict LRU list: a hit in the young one costs a single lookup (an LRU
 * Map's delete-and-insert on every hit was 5% of a question's time), a hit in the old one moves the entry
 * to the young one, and when the young one is full the old one is dropped whole. What was used within the
 * last `limit / 2` insertions always survives.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;

  constructor(limit: number) {
    this.generation = Math.max(1, Math.floor(limit / 2));
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** Entries held (an entry both young and old counts twice): never more than the limit. */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
