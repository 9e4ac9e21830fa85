/** A map of at most `limit` entries: reading or writing an entry makes it the most recent, and the least recent goes first. */
export type LruCache<V> = {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  clear(): void;
};

/** Creates an `LruCache` of at most `limit` entries (a Map keeps insertion order: the first key is the least recent). */
export function createLruCache<V>(limit: number): LruCache<V> {
  const entries = new Map<string, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      if (entries.size >= limit) entries.delete(entries.keys().next().value as string);
      entries.set(key, value);
    },
    clear() {
      entries.clear();
    },
  };
}
