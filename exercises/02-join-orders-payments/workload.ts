import { Prng } from '../../simulator/core/prng.ts';
import type { Json, SimRecord } from '../../simulator/core/types.ts';
import type { Workload } from '../../simulator/log/workload.ts';

/**
 * Exercise 02's workload: orders (topic `orders`, key = order id) and their payments (topic
 * `payments`, same key), each with an event time (the record's CreateTime) and a lateness (how
 * long after its event time the record is sent). Then a tail of ungraded payments (of no order)
 * on every partition, so that stream time moves past the last graded window (Kafka Streams'
 * stream time moves only with records) and the windows close. Payments, not orders: a left
 * join's unmatched orders wait in its outer-join store, and Kafka scans that store only once
 * stream time has passed the window of the newest order it saw there, so a tail of unpaid orders
 * would hold the graded ones back.
 */

/** The requirement the learner reads in the instructions, in ms. */
export const RULES = Object.freeze({
  /** A payment counts if it is at most this long after its order. */
  afterMs: 5_000,
  /** ...or at most this long before it (the bank's clock runs ahead). */
  beforeMs: 500,
  /** Records reach the processor at most this late and must still be joined. */
  lateMs: 1_000,
});

/**
 * A payment sent so late that any reasonable grace has passed: Kafka Streams has dropped the
 * order from its buffer by then. Lateness between `RULES.lateMs` and this is refused, because
 * whether such a record still joins depends on how far stream time has moved, not on the rules.
 */
export const FAR_TOO_LATE_MS = 10_000;

/** One order of the workload and its payment (or none). */
export interface OrderSpec {
  /** The order id: the key of both records. */
  readonly id: string;
  /** The order's event time, ms. */
  readonly atMs: number;
  /** How long after its event time the order is sent, ms (at most `RULES.lateMs`). */
  readonly lateMs: number;
  /** The order's amount (the payment pays the same). */
  readonly amount: number;
  /** The payment: its event time relative to the order's, and its lateness; null if unpaid. */
  readonly payment: { readonly afterMs: number; readonly lateMs: number } | null;
}

/** The parsed workload. */
export interface JoinWorkload {
  /** The graded orders, in event-time order. */
  readonly orders: readonly OrderSpec[];
  /** Partitions of each topic. */
  readonly partitions: number;
  /** How long the tail of ungraded payments runs after the last graded record is sent, ms. */
  readonly tailMs: number;
  /** Time between two tail payments on one partition, ms. */
  readonly tailIntervalMs: number;
}

/** Whether an order must come out paid (its payment counts) or unpaid. */
export type Status = 'paid' | 'unpaid';

function num(raw: Record<string, Json>, key: string, fallback: number): number {
  const v = raw[key];
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : fallback;
}

function lateness(v: Json | undefined, what: string): number {
  const ms = typeof v === 'number' ? v : 0;
  if (ms < 0 || (ms > RULES.lateMs && ms < FAR_TOO_LATE_MS))
    throw new Error(
      `${what}: lateMs must be 0..${RULES.lateMs} or at least ${FAR_TOO_LATE_MS} (got ${ms})`,
    );
  return ms;
}

function explicitOrder(raw: Json, i: number): OrderSpec {
  const o = (raw ?? {}) as Record<string, Json>;
  const what = `orders[${i}]`;
  const pay = o.payment as Record<string, Json> | null | undefined;
  const order: OrderSpec = {
    id: typeof o.id === 'string' ? o.id : `o${i + 1}`,
    atMs: num(o, 'atMs', i * 400),
    lateMs: lateness(o.lateMs, what),
    amount: num(o, 'amount', 10 + i),
    payment: pay ? { afterMs: num(pay, 'afterMs', 0), lateMs: lateness(pay.lateMs, what) } : null,
  };
  if (order.lateMs >= FAR_TOO_LATE_MS)
    throw new Error(`${what}: only payments may be far too late (an order must be joined)`);
  return order;
}

/**
 * Seeded orders: most paid within the window (either side first), some paid too late to count,
 * some never paid, some records up to `RULES.lateMs` late (payments far too late are left to the
 * explicit cases: they make a run long). Offsets
 * stay 100 ms inside the window's bounds so no result hangs on a tie of timestamps.
 */
function generatedOrders(g: Record<string, Json>, seed: number, first: number): OrderSpec[] {
  const prng = new Prng(seed).fork('orders');
  const count = num(g, 'count', 20);
  const intervalMs = num(g, 'intervalMs', 400);
  const startAtMs = num(g, 'startAtMs', 0);
  const out: OrderSpec[] = [];
  for (let i = 0; i < count; i++) {
    const roll = prng.int(100);
    const late = prng.int(100) < num(g, 'latePercent', 20) ? prng.between(100, 900) : 0;
    let payment: OrderSpec['payment'] = null;
    if (roll < 65)
      payment = { afterMs: prng.between(-RULES.beforeMs + 100, RULES.afterMs - 100), lateMs: 0 };
    else if (roll < 80) payment = { afterMs: prng.between(RULES.afterMs + 500, 9_000), lateMs: 0 };
    const orderLate = payment !== null && prng.int(2) === 0 ? late : 0;
    if (payment && orderLate === 0 && payment.lateMs === 0) payment = { ...payment, lateMs: late };
    out.push({
      id: `o${first + i}`,
      atMs: startAtMs + i * intervalMs,
      lateMs: orderLate,
      amount: 10 + prng.int(90),
      payment,
    });
  }
  return out;
}

/** Read a case's workload: `orders` (explicit) and/or `generate` (seeded), plus options. */
export function workloadOf(raw: Record<string, Json>, seed: number): JoinWorkload {
  const explicit = Array.isArray(raw.orders) ? raw.orders.map(explicitOrder) : [];
  const g = raw.generate as Record<string, Json> | undefined;
  const generated = g ? generatedOrders(g, seed, explicit.length + 1) : [];
  const orders = [...explicit, ...generated];
  const ids = new Set(orders.map((o) => o.id));
  if (ids.size !== orders.length) throw new Error('workload: order ids must be unique');
  for (const o of orders)
    if (o.payment && o.atMs + o.payment.afterMs < 0)
      throw new Error(`workload: ${o.id}'s payment would have a negative timestamp`);
  for (const o of orders) {
    const p = o.payment;
    if (!p || p.lateMs < FAR_TOO_LATE_MS) continue;
    // Kafka Streams 3.7 (as simulated) still joins a late record with whatever is in the other
    // side's buffer; the order must have left it, so later orders must move that buffer's time.
    const sentMs = o.atMs + p.afterMs + p.lateMs;
    if (
      !orders.some((x) => x.atMs >= o.atMs + FAR_TOO_LATE_MS - 2_000 && x.atMs + x.lateMs < sentMs)
    )
      throw new Error(
        `workload: ${o.id}'s payment is far too late, but no order follows ${FAR_TOO_LATE_MS - 2_000} ms after it to close its buffer`,
      );
  }
  return {
    orders: orders.sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : 1)),
    partitions: num(raw, 'partitions', 2),
    tailMs: num(raw, 'tailMs', 6_500),
    tailIntervalMs: num(raw, 'tailIntervalMs', 500),
  };
}

/** What the requirement says of an order: paid if its payment is in the window and not dropped. */
export function expectedStatus(o: OrderSpec): Status {
  const p = o.payment;
  if (!p || p.lateMs >= FAR_TOO_LATE_MS) return 'unpaid';
  return -RULES.beforeMs <= p.afterMs && p.afterMs <= RULES.afterMs ? 'paid' : 'unpaid';
}

/** An order's value on `orders`, and the value its payment carries on `payments`. */
export const orderValue = (o: OrderSpec): Json => ({ orderId: o.id, amount: o.amount });
export const paymentValue = (o: OrderSpec): Json => ({ orderId: o.id, paid: o.amount });

/** One item to send: its send time, topic, record and partition (-1: the partitioner's). */
interface Item {
  sendMs: number;
  topic: string;
  record: Omit<SimRecord, 'id'>;
  partition: number;
}

function toWorkload(items: Item[], firstId: number): Workload {
  // Stable in send time; ties keep the order the items were listed in.
  const sorted = items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.sendMs - b.item.sendMs || a.i - b.i);
  return {
    records: sorted.map(({ item }, i) => ({ ...item.record, id: firstId + i })),
    topics: sorted.map(({ item }) => item.topic),
    atMs: sorted.map(({ item }) => item.sendMs),
    partitions: sorted.map(({ item }) => item.partition),
  };
}

/** The two producers' workloads (the shop's orders, the bank's payments and tail) and the run's end. */
export function producerWorkloads(w: JoinWorkload): {
  shop: Workload;
  bank: Workload;
  durationMs: number;
} {
  const shop: Item[] = [];
  const bank: Item[] = [];
  let lastMs = 0;
  let lastEventMs = 0;
  for (const o of w.orders) {
    lastEventMs = Math.max(lastEventMs, o.atMs, o.atMs + (o.payment?.afterMs ?? 0));
    const record = { key: o.id, value: orderValue(o), timestampMs: o.atMs };
    shop.push({ sendMs: o.atMs + o.lateMs, topic: 'orders', record, partition: -1 });
    lastMs = Math.max(lastMs, o.atMs + o.lateMs);
    if (!o.payment) continue;
    const ts = o.atMs + o.payment.afterMs;
    const paid = { key: o.id, value: paymentValue(o), timestampMs: ts };
    bank.push({ sendMs: ts + o.payment.lateMs, topic: 'payments', record: paid, partition: -1 });
    lastMs = Math.max(lastMs, ts + o.payment.lateMs);
  }
  let n = 0;
  // The tail starts with the last event time, not the last send: while a late record is on its
  // way, records keep coming, as they would in a shop, and stream time keeps moving.
  for (let t = lastEventMs + w.tailIntervalMs; t <= lastMs + w.tailMs; t += w.tailIntervalMs)
    for (let p = 0; p < w.partitions; p++) {
      const id = `tail-${++n}`;
      const record = { key: id, value: { orderId: id, paid: 0 }, timestampMs: t };
      bank.push({ sendMs: t, topic: 'payments', record, partition: p });
    }
  return {
    shop: toWorkload(shop, 1),
    bank: toWorkload(bank, 1 + shop.length),
    durationMs: lastMs + w.tailMs + 500,
  };
}
