import { describe, expect, it } from 'vitest';
import { offsetsKey, OffsetStore } from './offset-store.ts';

describe('OffsetStore', () => {
  it('keeps each key it builds: the same text as offsetsKey, and the same string when asked again', () => {
    const store = new OffsetStore();
    const asked: [string, string, number][] = [];
    for (const group of ['g', 'g/x', 'h'])
      for (const topic of ['t', 'x/t', 'u'])
        for (const partition of [0, 3, 12]) asked.push([group, topic, partition]);
    const first = asked.map(([g, t, p]) => store.keyOf(g, t, p));
    expect(first).toEqual(asked.map(([g, t, p]) => offsetsKey(g, t, p)));
    asked.forEach(([g, t, p], i) => expect(store.keyOf(g, t, p)).toBe(first[i]));
  });

  it('finds a commit by group, topic and partition whichever way its key was given', () => {
    const store = new OffsetStore();
    store.commit('g', 't', 1, 10);
    store.commit('g', 't', 2, 20, store.keyOf('g', 't', 2));
    store.commit('h', 't', 1, 30, offsetsKey('h', 't', 1));
    store.commit('g', 't', 1, 11);
    expect([
      store.committed('g', 't', 1),
      store.committed('g', 't', 2),
      store.committed('h', 't', 1),
      store.committed('h', 't', 2),
      store.committed('g', 'u', 1),
    ]).toEqual([11, 20, 30, -1, -1]);
  });
});
