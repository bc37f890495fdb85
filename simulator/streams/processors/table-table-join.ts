import type { Json } from '../../core/types.ts';
import type { JoinSide } from '../events.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { Change, StreamRecord } from '../types.ts';
import type { TableJoinKind, ValueGetterSupplier } from './value-getter.ts';

/** The user's joiner: left value, right value (either may be null in left/outer joins), key. */
export type ValueJoiner = (left: Json, right: Json, key: string | null) => Json;

/**
 * One side of a KTable-KTable join (Kafka's `KTableKTableInnerJoin`, `KTableKTableLeftJoin`,
 * `KTableKTableRightJoin`, `KTableKTableOuterJoin`): an update on this side looks up the other
 * side's current row and forwards the new join row, or a tombstone when the row goes away:
 * - inner: nothing if the other side has no row; else joiner(new, other), or null for a deletion;
 * - left, update on the left: nothing if both the other row and the update are empty;
 *   else joiner(new, other-or-null), or null for a deletion;
 * - left, update on the right: nothing if there is no left row; else joiner(left, new-or-null);
 * - outer: nothing if the other row and the update are empty; else joiner with nulls for the
 *   missing sides, or null when both are gone.
 * The result timestamp is the larger of the two rows' timestamps. Simplification: the join result
 * is not materialized and its `Change` carries no old value (no downstream here needs it).
 */
export function tableTableJoinProcessor(
  kind: TableJoinKind,
  side: JoinSide,
  other: ValueGetterSupplier,
  joiner: ValueJoiner,
) {
  return (): NodeProcessor => {
    let ctx: InternalProcessorContext;
    const getter = other.get();
    return {
      init(context) {
        ctx = context;
        getter.init(context);
      },
      process(r: StreamRecord<unknown>) {
        if (r.key === null) {
          ctx.trace({
            type: 'record.skipped',
            processor: ctx.processorName,
            key: null,
            timestampMs: r.timestampMs,
            reason: 'nullKey',
          });
          return;
        }
        const change = r.value as Change;
        const row = getter.get(r.key);
        const otherValue = row ? row.value : null;
        const emptyUpdate = change.newValue === null && change.oldValue === null;
        const thisEmits =
          kind === 'inner'
            ? row !== null
            : kind === 'outer' || side === 'left'
              ? row !== null || !emptyUpdate
              : row !== null; // the right side of a left join needs a left row
        if (!thisEmits) return;
        const pair = (mine: Json): [Json, Json] =>
          side === 'left' ? [mine, otherValue] : [otherValue, mine];
        const timestampMs = Math.max(r.timestampMs, row ? row.timestampMs : -1);
        let newValue: Json = null;
        const rightOfLeftJoin = kind === 'left' && side === 'right';
        if (change.newValue !== null || rightOfLeftJoin || (kind === 'outer' && row !== null)) {
          const [left, right] = pair(change.newValue);
          newValue = joiner(left, right, r.key);
          const bothSides = left !== null && right !== null;
          ctx.trace(
            bothSides
              ? {
                  type: 'join.matched',
                  processor: ctx.processorName,
                  key: r.key,
                  left,
                  right,
                  timestampMs,
                }
              : {
                  type: 'join.nonMatchEmitted',
                  processor: ctx.processorName,
                  side: left === null ? 'right' : 'left',
                  key: r.key,
                  value: left ?? right,
                  timestampMs,
                  reason: 'noMatch',
                },
          );
        }
        const out: Change = { newValue, oldValue: null };
        ctx.forward({ ...r, value: out, timestampMs });
      },
    };
  };
}
