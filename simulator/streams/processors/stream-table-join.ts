import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { StreamRecord } from '../types.ts';
import type { ValueJoiner } from './table-table-join.ts';
import type { ValueGetterSupplier } from './value-getter.ts';

/**
 * A KStream-KTable join (Kafka's `KStreamKTableJoinProcessor`): only stream records trigger it;
 * each looks the table up as it is at that moment (table updates only change the table). A stream
 * record with a null value is dropped; with a null key it is dropped by the inner join and, since
 * Kafka 3.7 (KIP-962), joined with null by the left join. Inner: no row, no output. Left: no row,
 * joiner(value, null). The result keeps the stream record's timestamp. Simplification: no
 * stream-side buffering (KIP-923's grace period for versioned tables is not modelled).
 */
export function streamTableJoinProcessor(
  table: ValueGetterSupplier,
  joiner: ValueJoiner,
  leftJoin: boolean,
) {
  return (): NodeProcessor => {
    let ctx: InternalProcessorContext;
    const getter = table.get();
    return {
      init(context) {
        ctx = context;
        getter.init(context);
      },
      process(r: StreamRecord<unknown>) {
        const value = r.value as Json;
        if (leftJoin && r.key === null && value !== null) {
          ctx.trace({
            type: 'join.nonMatchEmitted',
            processor: ctx.processorName,
            side: 'left',
            key: null,
            value,
            timestampMs: r.timestampMs,
            reason: 'nullKey',
          });
          ctx.forward({ ...r, value: joiner(value, null, null) });
          return;
        }
        if (r.key === null || value === null) {
          ctx.trace({
            type: 'record.skipped',
            processor: ctx.processorName,
            key: r.key,
            timestampMs: r.timestampMs,
            reason: 'nullKeyOrValue',
          });
          return;
        }
        const row = getter.get(r.key);
        ctx.trace({
          type: 'join.lookedUp',
          processor: ctx.processorName,
          store: table.storeNames.join(','),
          key: r.key,
          found: row !== null,
          timestampMs: r.timestampMs,
        });
        if (row) {
          ctx.trace({
            type: 'join.matched',
            processor: ctx.processorName,
            key: r.key,
            left: value,
            right: row.value,
            timestampMs: r.timestampMs,
          });
          ctx.forward({ ...r, value: joiner(value, row.value, r.key) });
        } else if (leftJoin) {
          ctx.trace({
            type: 'join.nonMatchEmitted',
            processor: ctx.processorName,
            side: 'left',
            key: r.key,
            value,
            timestampMs: r.timestampMs,
            reason: 'noMatch',
          });
          ctx.forward({ ...r, value: joiner(value, null, r.key) });
        }
      },
    };
  };
}
