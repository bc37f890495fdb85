import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../test/property.ts';
import { AbortedIndex, OpenTransactions } from './txn-index.ts';

const FILE = 'simulator/log/txn-index.property.test.ts';

/**
 * A partition's offsets 0…39 handed out batch by batch to producers 1–3 (0: plain records), then the
 * transactions ended in the order drawn, with retention moving the log start on the way. The index
 * must answer as a set of offsets per producer would.
 */
const scenario = fc.record({
  batches: fc.array(fc.record({ producer: fc.nat(3), size: fc.integer({ min: 1, max: 4 }) }), {
    minLength: 1,
    maxLength: 12,
  }),
  endings: fc.array(
    fc.record({
      producer: fc.integer({ min: 1, max: 3 }),
      commit: fc.boolean(),
      logStart: fc.nat(40),
    }),
    { maxLength: 6 },
  ),
});

describe('open and aborted transactions kept as offset ranges', () => {
  it('answer as sets of offsets would, whatever order transactions end in', () => {
    checkProperty(
      { file: FILE, name: 'answer as sets of offsets would, whatever order transactions end in' },
      scenario,
      ({ batches, endings }) => {
        const open = new OpenTransactions();
        const aborted = new AbortedIndex();
        const modelOpen = new Map<number, number[]>();
        const modelAborted = new Set<number>();
        let end = 0;
        for (const b of batches) {
          const start = end;
          end += b.size;
          if (b.producer === 0) continue;
          open.note(b.producer, start, end);
          const offsets = modelOpen.get(b.producer) ?? [];
          for (let o = start; o < end; o++) offsets.push(o);
          modelOpen.set(b.producer, offsets);
        }
        let logStart = 0;
        const check = () => {
          let lso = end;
          for (const offsets of modelOpen.values()) lso = Math.min(lso, offsets[0] ?? end);
          expect(open.firstOpenOffset(end)).toBe(lso);
          for (let o = logStart; o < end; o++) {
            expect(aborted.has(o), `aborted ${o}`).toBe(modelAborted.has(o));
            for (const p of [1, 2, 3])
              expect(open.isOpen(p, o), `open ${p} ${o}`).toBe(!!modelOpen.get(p)?.includes(o));
          }
        };
        check();
        for (const e of endings) {
          expect(open.has(e.producer)).toBe(modelOpen.has(e.producer));
          const ranges = open.take(e.producer);
          const offsets = modelOpen.get(e.producer) ?? [];
          modelOpen.delete(e.producer);
          if (ranges && !e.commit) aborted.add(ranges);
          if (!e.commit) for (const o of offsets) modelAborted.add(o);
          // Retention never passes the last stable offset.
          const stable = Math.min(end, ...[...modelOpen.values()].map((list) => list[0] ?? end));
          logStart = Math.max(logStart, Math.min(e.logStart, stable));
          aborted.forgetBelow(logStart);
          check();
        }
      },
      { numRuns: 500 },
    );
  });
});
