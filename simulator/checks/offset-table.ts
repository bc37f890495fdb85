/**
 * A growable table of small non-negative integers indexed by offset (offsets are dense from 0),
 * so checks over a million records count per offset without a Map entry per record.
 */
export class OffsetTable {
  private values = new Int32Array(64);

  get(offset: number): number {
    return offset >= 0 && offset < this.values.length ? this.values[offset] : 0;
  }

  set(offset: number, value: number): void {
    if (offset < 0) return;
    if (offset >= this.values.length) {
      let size = this.values.length * 2;
      while (size <= offset) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[offset] = value;
  }
}

/** A Map that makes its missing values with `make`. */
export function getOrMake<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
