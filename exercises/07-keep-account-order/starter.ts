import type { TopicPartition } from '../../simulator/core/types.ts';
import type { AppSteps, ConsumedRecord } from '../../simulator/log/consumer-app.ts';

/** An account event, as the bank writes it: `seq` numbers each account's events 1, 2, 3... */
interface AccountEvent {
  account: string;
  seq: number;
  amount: number;
}

/**
 * Keep each account's order. `keyFor` chooses the key every account event is written with; the
 * three members of the group `ledger` run `onRecords` with each poll's records and
 * `onPartitionsRevoked` when they give partitions up. `ctx.apply(record, { ifLastSeq })` applies
 * an event to its account (the condition is optional: the database refuses the apply when the
 * account's last applied seq is not `ifLastSeq`); `ctx.commit([{ topic, partition, offset }])`
 * commits the next offset to read. They happen in the order you call them, after you return.
 */
export const accountConsumer = {
  keyFor(event: AccountEvent): string | null {
    // Replace this line with your key.
    throw new Error(`Not started: write keyFor in starter.ts (event ${event.seq})`);
  },
  onRecords(records: readonly ConsumedRecord[], ctx: AppSteps): void {
    // Replace this line with your processing and commits.
    throw new Error(
      `Not started: write onRecords in starter.ts (${records.length}, ${typeof ctx})`,
    );
  },
  onPartitionsRevoked(partitions: readonly TopicPartition[], ctx: AppSteps): void {
    // Replace this line with what to do when partitions are taken away.
    throw new Error(`Not started: write onPartitionsRevoked (${partitions.length}, ${typeof ctx})`);
  },
};
