import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './events.ts';
import { canonicalJson, hashText, TraceHasher, traceHash } from './hash.ts';
import { checkProperty } from '../test/property.ts';
import { TraceBuilder, traceArbitrary } from './test-helpers.ts';

const FILE = 'simulator/trace/hash.test.ts';

function sampleTrace(): TraceEvent[] {
  return new TraceBuilder()
    .push({ type: 'sim.started', seed: 42, scenario: 'demo' })
    .topic('orders', 2)
    .at(3)
    .append('orders', 1, 7, { key: 'k\n"é"', value: { n: -1.5, list: [true, null] } }).events;
}

describe('traceHash', () => {
  it('gives pinned digests, so a change of the canonical form is noticed', () => {
    expect(traceHash([])).toBe(hashText('[]'));
    expect(traceHash([])).toBe('5ac764d9741ebccd');
    expect(traceHash(sampleTrace())).toBe('33828747dadafbae');
    expect(hashText('')).toBe('5ed788f224ee7203');
  });

  it('does not depend on the order of fields in an event', () => {
    const event: TraceEvent = { type: 'actor.started', at: 1, actor: 'a', kind: 'broker' };
    const reordered = { kind: 'broker', actor: 'a', at: 1, type: 'actor.started' } as TraceEvent;
    expect(traceHash([reordered])).toBe(traceHash([event]));
  });

  it('changes when one number, one string or the order of events changes', () => {
    const events = sampleTrace();
    const base = traceHash(events);
    const moved = events.map((e) => (e.type === 'record.appended' ? { ...e, offset: 1 } : e));
    const renamed = events.map((e) => (e.type === 'topic.created' ? { ...e, topic: 'order' } : e));
    expect(traceHash(moved)).not.toBe(base);
    expect(traceHash(renamed)).not.toBe(base);
    expect(traceHash([events[1], events[0], events[2]])).not.toBe(base);
  });

  it('leaves out undefined fields and prints -0 as 0, as JSON.stringify does', () => {
    const withUndefined = {
      type: 'sim.ended',
      at: -0,
      reason: 'idle',
      extra: undefined,
    } as TraceEvent;
    expect(traceHash([withUndefined])).toBe(
      traceHash([{ type: 'sim.ended', at: 0, reason: 'idle' }]),
    );
  });

  it('digests a prefix while hashing goes on, equal to the hash of that prefix', () => {
    const events = sampleTrace();
    const hasher = new TraceHasher();
    hasher.update(events[0]);
    expect(hasher.digest()).toBe(traceHash(events.slice(0, 1)));
    hasher.update(events[1]);
    hasher.update(events[2]);
    expect(hasher.digest()).toBe(traceHash(events));
    expect(hasher.length).toBe(3);
  });

  const jsonName = 'hashes any JSON payload exactly as the hash of its canonical JSON text';
  it(jsonName, () => {
    const payload = fc.jsonValue({ maxDepth: 2 });
    // Characters JSON escapes, lone surrogates and non-ASCII, besides whatever jsonValue draws.
    const tricky = fc.string({
      unit: fc.constantFrom('\ud800', '\udc00', '"', '\\', '\u0001', 'é', 'a'),
    });
    const value = fc.oneof(payload, fc.double(), fc.integer(), tricky);
    checkProperty(
      { file: FILE, name: jsonName },
      fc.array(value, { maxLength: 5 }),
      (payloads) => {
        const events = payloads.map((p, at) => ({ type: 'x', at, p }) as unknown as TraceEvent);
        expect(traceHash(events)).toBe(hashText(canonicalJson(events)));
      },
      { numRuns: 150 },
    );
  });

  const traceName = 'hashes random traces exactly as the hash of their canonical JSON text';
  it(traceName, () => {
    checkProperty(
      { file: FILE, name: traceName },
      traceArbitrary(60),
      (events) => {
        expect(traceHash(events)).toBe(hashText(canonicalJson(events)));
      },
      { numRuns: 50 },
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and parses back to the same value', () => {
    const value = { b: [{ z: 1, a: 'x' }], a: { d: null, c: 2 } };
    expect(canonicalJson(value)).toBe('{"a":{"c":2,"d":null},"b":[{"a":"x","z":1}]}');
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});
