import type {
  FunctionEvent,
  HandlerContext,
  HandlerGenerator,
} from '../../simulator/serverless/handler-api.ts';
import { RULES } from './workload.ts';

/**
 * The design the learner's join is compared with (written for the exercise, not by the learner):
 * a function triggered by both topics that buffers each side in a database item per order, the
 * way a serverless team would without a stream processor.
 * - Each record is SET into its side of the order's item (UpdateItem returns the whole item);
 *   the write that finds both sides, in the window, emits the pair and marks the item reported.
 * - A function has no timers, so an unpaid order is found by scanning the table on every
 *   invocation for orders whose window and lateness have passed, by the newest event time the
 *   batch carried; that scan is read units on every invocation.
 * - Effects are at least once: a batch retried after a crash emits its pairs again, and a crash
 *   between the emit and the mark does too. Items expire by TTL a minute later.
 */

export const BUFFER_TABLE = 'joinBuffer';
const TTL_MS = 60_000;

type Item = Record<string, unknown>;

function inWindow(item: Item): boolean {
  const d = (item.paymentMs as number) - (item.orderMs as number);
  return -RULES.beforeMs <= d && d <= RULES.afterMs;
}

export function* joinViaDatabase(event: FunctionEvent, ctx: HandlerContext): HandlerGenerator {
  let latestMs = -1;
  for (const r of event.records) {
    if (r.key === null) continue;
    latestMs = Math.max(latestMs, r.timestampMs);
    const side = r.topic === 'orders' ? 'order' : 'payment';
    const item = yield* ctx.db.update(BUFFER_TABLE, r.key, {
      set: { [side]: r.value, [`${side}Ms`]: r.timestampMs, expiresAtMs: ctx.nowMs + TTL_MS },
    });
    if (item.reported || item.order === undefined || item.payment === undefined) continue;
    if (!inWindow(item)) continue;
    yield* ctx.emit('order-status', r.key, { left: item.order, right: item.payment }, { id: r.id });
    yield* ctx.db.update(BUFFER_TABLE, r.key, { set: { reported: true } });
  }
  if (latestMs < 0) return;
  for (const { key, item } of yield* ctx.db.scan(BUFFER_TABLE, 1000)) {
    if (item.reported || item.order === undefined) continue;
    if ((item.orderMs as number) + RULES.afterMs + RULES.lateMs >= latestMs) continue;
    yield* ctx.emit('order-status', key, { left: item.order, right: null });
    yield* ctx.db.update(BUFFER_TABLE, key, { set: { reported: true } });
  }
}
