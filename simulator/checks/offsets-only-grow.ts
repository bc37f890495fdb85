import type { TopicPartition } from '../core/types.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';
import { committedKey } from '../trace/state.ts';
import { getOrMake } from './offset-table.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/**
 * Offsets only grow:
 * - per group and partition, a committed offset never goes below the one committed before. Kafka
 *   allows a consumer to commit a lower offset on purpose (to reprocess); the engine never does,
 *   so a decrease is the anomaly of a stale member (a zombie that missed a rebalance) committing
 *   over the new owner, and the message says so when the committer no longer owns the partition;
 * - a consumer's fetches move forward: each fetch starts at or after where the previous one
 *   ended, unless a `consumer.positioned` moved the position in between (a crash also forgets it,
 *   since a restarted consumer is positioned afresh).
 */
export function offsetsOnlyGrow(events: readonly TraceEvent[]): CheckVerdict {
  const committed = new Map<string, number>();
  const assignments = new Map<string, { generation: number; owners: Map<string, string> }>();
  const positions = new Map<string, Map<string, number>>();
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    switch (event.type) {
      case 'rebalance.completed':
        assignments.set(event.group, {
          generation: event.generation,
          owners: ownersOf(event.assignment),
        });
        break;
      case 'offset.committed': {
        const key = committedKey(event.group, event.topic, event.partition);
        const previous = committed.get(key);
        if (previous !== undefined && event.offset < previous) {
          return violation(events, index, wentBack(event, previous, assignments.get(event.group)));
        }
        committed.set(key, event.offset);
        break;
      }
      case 'actor.crashed':
        positions.delete(event.actor);
        break;
      case 'consumer.positioned':
        getOrMake(positions, event.consumer, () => new Map()).set(
          tpName(event.topic, event.partition),
          event.offset,
        );
        break;
      case 'records.fetched': {
        const tp = tpName(event.topic, event.partition);
        const mine = getOrMake(positions, event.consumer, () => new Map<string, number>());
        const position = mine.get(tp);
        if (
          (position !== undefined && event.fromOffset < position) ||
          event.nextOffset < event.fromOffset
        ) {
          return violation(
            events,
            index,
            `Consumer ${event.consumer} fetched ${tp} from offset ${event.fromOffset} to ${event.nextOffset} ` +
              `although its position was already ${position ?? event.fromOffset}, without being repositioned.`,
          );
        }
        mine.set(tp, event.nextOffset);
        break;
      }
      default:
        break;
    }
  }
  return PASS;
}

function ownersOf(
  assignment: Readonly<Record<string, readonly TopicPartition[]>>,
): Map<string, string> {
  const owners = new Map<string, string>();
  for (const member of Object.keys(assignment).sort()) {
    for (const tp of assignment[member]) owners.set(tpName(tp.topic, tp.partition), member);
  }
  return owners;
}

function wentBack(
  event: EventOf<'offset.committed'>,
  previous: number,
  assignment: { generation: number; owners: Map<string, string> } | undefined,
): string {
  const tp = tpName(event.topic, event.partition);
  const redo = `records ${event.offset}..${previous - 1} will be processed again`;
  const owner = assignment?.owners.get(tp);
  if (assignment !== undefined && owner !== event.member) {
    const now = owner === undefined ? 'to no member' : `to ${owner}`;
    return (
      `Member ${event.member} of group ${event.group} committed offset ${event.offset} for ${tp} after the group had ` +
      `committed ${previous}, although since generation ${assignment.generation} the partition belongs ${now}: ` +
      `a stale member moved the group back and ${redo}.`
    );
  }
  return `Group ${event.group}'s committed offset for ${tp} went back from ${previous} to ${event.offset} (committed by ${event.member}): ${redo}.`;
}
