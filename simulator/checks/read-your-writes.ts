import type { ConsistencyToken } from '../eventsourcing/events.ts';
import type { TraceEvent } from '../trace/events.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/**
 * Read your writes: a client whose command was accepted at offset n, and which then reads that
 * account from a read model, must get an answer from a read model that has applied offset n. An
 * honest "not yet" is not a stale read; an answer from behind the client's own write is. The
 * violation is the first such `query.answered`.
 */
export function readYourWrites(events: readonly TraceEvent[]): CheckVerdict {
  const [first] = staleReads(events, 1);
  return first ? violation(events, first.index, first.message) : PASS;
}

/** The stale reads of a run, in trace order (at most `limit`): what the comparison counts. */
export function staleReads(
  events: readonly TraceEvent[],
  limit = Infinity,
): { index: number; message: string }[] {
  const found: { index: number; message: string }[] = [];
  const lastWrite = new Map<string, { account: string; token: ConsistencyToken; at: number }>();
  const accountOf = new Map<string, string>();
  for (let index = 0; index < events.length && found.length < limit; index++) {
    const e = events[index];
    if (e.type === 'command.sent') {
      const account = (e.command as { account?: unknown } | null)?.account;
      if (typeof account === 'string') accountOf.set(e.commandId, account);
    } else if (e.type === 'command.accepted') {
      const account = accountOf.get(e.commandId);
      if (account !== undefined)
        lastWrite.set(`${e.client}\u0000${account}`, {
          account,
          token: { topic: e.topic, partition: e.partition, offset: e.offset },
          at: e.at,
        });
    } else if (e.type === 'query.answered' && e.outcome === 'answered') {
      const write = lastWrite.get(`${e.client}\u0000${e.key}`);
      if (!write || write.token.partition !== e.partition || e.position > write.token.offset)
        continue;
      found.push({
        index,
        message: `${e.client} read ${e.key} from ${e.readModel} at position ${e.position} of ${tpName(write.token.topic, e.partition)}, behind its own write accepted at offset ${write.token.offset} (at ${write.at} ms): a stale read`,
      });
    }
  }
  return found;
}
