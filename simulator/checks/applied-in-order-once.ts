import type { TraceEvent } from '../trace/events.ts';
import { PASS, violation, type CheckVerdict } from './verdict.ts';

/**
 * Applied in order, exactly once: the records of `topic` carry an entity and a sequence number
 * (`{ [entityField]: string, seq: 1, 2, 3... }`, numbered per entity by whoever wrote them), and
 * every record a consumer reports as processed (`records.processed`: the application applied it)
 * must be the entity's next one: never one already applied (applied twice), never one past a gap
 * (out of order). By the end of the trace every entity's last record must have been applied
 * (nothing lost); a loss has no event of its own, so its verdict points at the last event.
 */
export function appliedInOrderOnce(
  events: readonly TraceEvent[],
  topic: string,
  entityField: string,
): CheckVerdict {
  const written = new Map<number, { entity: string; seq: number }>();
  const produced = new Map<string, number>();
  const applied = new Map<string, number>();
  for (const [index, e] of events.entries()) {
    if (e.type === 'record.appended' && e.topic === topic) {
      const value = e.record.value as Record<string, unknown> | null;
      const entity = String(value?.[entityField] ?? '');
      const seq = Number(value?.seq ?? 0);
      written.set(e.record.id, { entity, seq });
      produced.set(entity, Math.max(produced.get(entity) ?? 0, seq));
    } else if (e.type === 'records.processed' && e.topic === topic) {
      for (const id of e.recordIds) {
        const { entity, seq } = written.get(id) ?? { entity: '?', seq: 0 };
        const last = applied.get(entity) ?? 0;
        if (seq <= last)
          return violation(
            events,
            index,
            `${e.consumer} applied ${entity}'s event ${seq} a second time (its last applied was ${last})`,
          );
        if (seq > last + 1)
          return violation(
            events,
            index,
            `${e.consumer} applied ${entity}'s event ${seq} before event ${last + 1}: out of order`,
          );
        applied.set(entity, seq);
      }
    }
  }
  for (const entity of [...produced.keys()].sort()) {
    const last = applied.get(entity) ?? 0;
    if (last < produced.get(entity)!)
      return violation(
        events,
        events.length - 1,
        `${entity}'s event ${last + 1} was never applied (of ${produced.get(entity)})`,
      );
  }
  return PASS;
}
