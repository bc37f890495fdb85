import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../test/property.ts';
import { TimerTable } from './timer-table.ts';

const TEST_FILE = 'simulator/core/timer-table.test.ts';

const TABLE_PROPERTY =
  'answers every lookup as a Map from handle to timer would, whatever order timers end in';

describe('TimerTable', () => {
  it(TABLE_PROPERTY, () => {
    // Mostly recent timers end (as request timeouts do), or the oldest one, sometimes any handle
    // ever given (or never given), so the window slides, compacts its array, and stays open behind
    // long-lived timers.
    const op = <O extends string>(name: O) => fc.constant(name);
    const script = fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.record({ op: op('add') }) },
        { weight: 3, arbitrary: fc.record({ op: op('endRecent'), back: fc.nat(20) }) },
        { weight: 2, arbitrary: fc.record({ op: op('endOldest') }) },
        { weight: 1, arbitrary: fc.record({ op: op('endAny'), which: fc.nat() }) },
      ),
      { minLength: 100, maxLength: 400 },
    );
    checkProperty(
      { file: TEST_FILE, name: TABLE_PROPERTY },
      script,
      (ops) => {
        // Compacting after 8 ended slots, so that short scripts compact often.
        const table = new TimerTable<string>(7, 8);
        const model = new Map<number, string>();
        let given = 0;
        for (const step of ops) {
          if (step.op === 'add') {
            const handle = table.add(`timer ${given}`);
            expect(handle).toBe(7 + given);
            model.set(handle, `timer ${given++}`);
          } else {
            const handle =
              step.op === 'endRecent'
                ? 7 + given - 1 - step.back
                : step.op === 'endOldest'
                  ? Math.min(...model.keys())
                  : 7 + (step.which % (given + 2));
            expect(table.get(handle)).toBe(model.get(handle));
            table.delete(handle);
            model.delete(handle);
          }
          expect(table.nextHandle).toBe(7 + given);
        }
        for (let handle = 0; handle < 7 + given + 3; handle++) {
          expect(table.get(handle), `handle ${handle}`).toBe(model.get(handle));
        }
      },
      { numRuns: 100 },
    );
  });
});
