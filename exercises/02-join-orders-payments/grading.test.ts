import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import * as innerJoin from './fixtures/inner-join.ts';
import * as longGrace from './fixtures/long-grace.ts';
import * as noGrace from './fixtures/no-grace.ts';
import * as paymentsLeft from './fixtures/payments-left.ts';
import * as symmetric from './fixtures/symmetric-window.ts';
import * as tooSmall from './fixtures/window-too-small.ts';
import { joinOrdersPaymentsGrader as grader } from './grading.ts';
import * as reference from './reference.ts';
import * as starter from './starter.ts';
import { expectedStatus, workloadOf, type OrderSpec } from './workload.ts';

/** The join exercise's grading run in-process: what each topology does under each case. */

const exercise = loadExercise('02-join-orders-payments');
const [quiet, late, crash] = exercise.visible;
const skew = exercise.hidden.find((c) => c.name.includes('two seconds before'))!;
const run = (exported: unknown, c: typeof quiet) =>
  grader.run(exported, c!.workload, c!.faults as Json[], c!.seeds[0]!);

describe('join orders with payments, graded', () => {
  it('passes the reference on every case and seed', () => {
    for (const c of [...exercise.visible, ...exercise.hidden])
      for (const seed of c.seeds) {
        const outcome = grader.run(
          reference.joinOrdersWithPayments,
          c.workload,
          c.faults as Json[],
          seed,
        );
        expect(outcome.passed, `${c.name} (seed ${seed}): ${outcome.message}`).toBe(true);
      }
  });

  it('passes the reference on seeded orders with a crash, seed after seed', () => {
    // JOIN_SEEDS=7,8 replays chosen seeds; the failure message names the seed and the command.
    const seeds = (process.env.JOIN_SEEDS ?? '11,12,13,14').split(',').map(Number);
    const faults: Json[] = [{ at: 2500, kind: 'crash', target: 'streams-2' }];
    for (const seed of seeds) {
      const workload = { generate: { count: 12, intervalMs: 350, latePercent: 30 } };
      const outcome = grader.run(reference.joinOrdersWithPayments, workload, faults, seed);
      const replay = `JOIN_SEEDS=${seed} npx vitest run exercises/02-join-orders-payments/grading.test.ts -t "seed after seed"`;
      expect(outcome.passed, `seed ${seed}: ${outcome.message}\nreplay: ${replay}`).toBe(true);
    }
  });

  it('reports a paid order as unpaid when the window is too small for its payment', () => {
    const outcome = run(tooSmall.joinOrdersWithPayments, quiet);
    expect(outcome.reason).toBe('under-count');
    expect(outcome.message).toBe(
      'o4 was paid 3 s after it, so it counts, but o4 was reported unpaid',
    );
  });

  it('loses a payment that arrives late within a second when the window has no grace', () => {
    const outcome = run(noGrace.joinOrdersWithPayments, late);
    expect(outcome.reason).toBe('under-count');
    expect(outcome.message).toMatch(
      /sent 0\.\d+ s late, so it counts, but o\d+ was reported unpaid/,
    );
  });

  it('never reports an unpaid order with an inner join', () => {
    const outcome = run(innerJoin.joinOrdersWithPayments, quiet);
    expect(outcome.reason).toBe('lost-event');
    expect(outcome.message).toMatch(/^o3 was never paid, so it is unpaid, but it never came out/);
    expect((outcome.actual as Record<string, string>).o3).toBe('missing');
  });

  it('counts a payment made two seconds early with a symmetric window, and holds state too long', () => {
    expect(run(symmetric.joinOrdersWithPayments, skew).reason).toBe('wrong-result');
    const leak = run(symmetric.joinOrdersWithPayments, quiet);
    expect(leak.reason).toBe('state-leak');
    expect(leak.message).toMatch(/^State leak: .* entered join buffer .* and never left it/);
  });

  it('reports unpaid orders too late to be seen with a minute of grace', () => {
    expect(run(longGrace.joinOrdersWithPayments, quiet).reason).toBe('lost-event');
  });

  it('rejects payments joined on the left: the output must be { left: order, right: payment }', () => {
    const outcome = run(paymentsLeft.joinOrdersWithPayments, quiet);
    expect(outcome.reason).toBe('wrong-result');
    expect(outcome.message).toMatch(/expected \{ left: the order, right: its payment or null \}/);
  });

  it('opens the replay of a missed join at the unpaid report of the paid order', () => {
    const c = quiet!;
    const replay = grader.trace(
      tooSmall.joinOrdersWithPayments,
      c.workload,
      c.faults as Json[],
      c.seeds[0]!,
    );
    const event = replay.events[replay.violation!]!;
    expect(event).toMatchObject({ type: 'record.appended', topic: 'order-status' });
    if (event.type !== 'record.appended') return;
    expect(event.record.key).toBe('o4');
    expect(event.record.value).toEqual({ left: { orderId: 'o4', amount: 13 }, right: null });
    expect(replay.durationMs).toBeGreaterThan(event.at);
  });

  it('opens the replay of a state leak where the leaked record entered its buffer', () => {
    const c = quiet!;
    const replay = grader.trace(
      symmetric.joinOrdersWithPayments,
      c.workload,
      c.faults as Json[],
      c.seeds[0]!,
    );
    expect(replay.events[replay.violation!]!.type).toBe('join.buffered');
    const passing = grader.trace(
      reference.joinOrdersWithPayments,
      c.workload,
      c.faults as Json[],
      c.seeds[0]!,
    );
    expect(passing.violation).toBeNull();
  });

  it('still reports every order once when an instance crashes: the crash is in the replayed trace', () => {
    const c = crash!;
    const replay = grader.trace(
      reference.joinOrdersWithPayments,
      c.workload,
      c.faults as Json[],
      c.seeds[0]!,
    );
    expect(replay.events.some((e) => e.type === 'actor.crashed' && e.actor === 'streams-1')).toBe(
      true,
    );
    expect(
      replay.events.some(
        (e) => e.type === 'task.restored' && e.instance === 'streams-2' && e.records > 0,
      ),
    ).toBe(true);
    expect(run(reference.joinOrdersWithPayments, crash).passed).toBe(true);
  });

  it("compares a passing topology with the database-buffer function's figures when a case asks", () => {
    const outcome = run(reference.joinOrdersWithPayments, quiet);
    expect(outcome.message).toMatch(
      /^Every order reported once: 5 paid, 3 unpaid\. Your stream processor: 5 paid, 3 unpaid, latency p50 \d+ ms/,
    );
    expect(outcome.message).toMatch(
      /A function buffering in a database, same workload and faults: \d+ paid, \d+ unpaid.* \d+ invocations, \d+ database reads .* \$\d+\.\d{6}\.$/,
    );
    const { compare: _, ...plain } = quiet!.workload;
    const quick = grader.run(reference.joinOrdersWithPayments, plain, [], quiet!.seeds[0]!);
    expect(quick.message).toBe('Every order reported once: 5 paid, 3 unpaid');
  });

  it('grades the same topology the same way twice, trace for trace', () => {
    const c = crash!;
    const once = grader.trace(noGrace.joinOrdersWithPayments, c.workload, c.faults as Json[], 5);
    const twice = grader.trace(noGrace.joinOrdersWithPayments, c.workload, c.faults as Json[], 5);
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    const other = grader.trace(noGrace.joinOrdersWithPayments, c.workload, c.faults as Json[], 6);
    expect(JSON.stringify(other.events)).not.toBe(JSON.stringify(once.events));
  });

  it('names a topic the topology writes to that the scenario does not have', () => {
    const spec = reference.joinOrdersWithPayments();
    const typo = {
      operators: [...spec.operators.slice(0, -1), { op: 'to', topic: 'order_status' }],
    };
    expect(() => grader.run(() => typo, quiet!.workload, [], 1)).toThrow(
      /topic "order_status" is not declared/,
    );
  });

  it('recognises the starter as not started and names what is wrong in a topology', () => {
    expect(() => grader.probe(starter.joinOrdersWithPayments)).toThrow(/^Not started/);
    expect(() => grader.probe(reference.joinOrdersWithPayments)).not.toThrow();
    expect(() => grader.probe({ operators: [] })).toThrow(/must be a function/);
    expect(() => grader.probe(() => ({ operators: [{ op: 'leftJoin', with: 'x' }] }))).toThrow(
      /topology\.operators\[0\]/,
    );
  });

  it('takes faults of the log and the processor, and names a function fault as out of place', () => {
    expect(grader.parseFaults([{ at: 5, kind: 'crash', target: 'streams-1' }])).toEqual([
      { at: 5, kind: 'crash', target: 'streams-1' },
    ]);
    expect(() => grader.parseFaults([{ at: 0, kind: 'crash' }])).toThrow(/faults\[0\]/);
    expect(() => grader.parseFaults([{ at: 0, kind: 'instanceCrash', target: 'joiner' }])).toThrow(
      /faults\[0\]\.kind: instanceCrash is a function fault/,
    );
  });
});

describe("exercise 02's workload", () => {
  const order = (afterMs: number, lateMs = 0): OrderSpec => ({
    id: 'o',
    atMs: 1000,
    lateMs: 0,
    amount: 1,
    payment: { afterMs, lateMs },
  });

  it('counts a payment from 500 ms before its order to 5 s after it, both bounds included', () => {
    expect([-501, -500, 0, 5000, 5001].map((d) => expectedStatus(order(d)))).toEqual([
      'unpaid',
      'paid',
      'paid',
      'paid',
      'unpaid',
    ]);
    expect(expectedStatus(order(100, 900))).toBe('paid');
    expect(expectedStatus(order(100, 10_000))).toBe('unpaid');
    expect(expectedStatus({ ...order(0), payment: null })).toBe('unpaid');
  });

  it('draws the same orders from the same seed and other orders from another', () => {
    const a = workloadOf({ generate: { count: 10 } }, 1);
    expect(workloadOf({ generate: { count: 10 } }, 1)).toEqual(a);
    expect(workloadOf({ generate: { count: 10 } }, 2)).not.toEqual(a);
    expect(a.orders.map((o) => o.id)).toEqual(Array.from({ length: 10 }, (_, i) => `o${i + 1}`));
  });

  it('refuses a lateness whose outcome would hang on stream time rather than on the rules', () => {
    expect(() =>
      workloadOf({ orders: [{ id: 'x', payment: { afterMs: 0, lateMs: 3000 } }] }, 1),
    ).toThrow(/orders\[0\]: lateMs must be 0\.\.1000 or at least 10000 \(got 3000\)/);
    expect(() =>
      workloadOf({ orders: [{ id: 'x', payment: { afterMs: 0, lateMs: 10_000 } }] }, 1),
    ).toThrow(/no order follows/);
  });
});
