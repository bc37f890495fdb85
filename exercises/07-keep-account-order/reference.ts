import type { TopicPartition } from '../../simulator/core/types.ts';
import type { AppSteps, ConsumedRecord } from '../../simulator/log/consumer-app.ts';

interface AccountEvent {
  account: string;
  seq: number;
  amount: number;
}

/** Where this member is in each partition it owns: the next offset, once applied. */
const positions = new Map<string, { topic: string; partition: number; offset: number }>();
const name = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;

/**
 * The account is the key, so its events share a partition and keep their order there. Each
 * record is applied on condition that it is the account's next event (a record read again after
 * a crash, a lost acknowledgement or a woken member's stale batch is refused, not applied twice),
 * and offsets are committed only after the applies. When partitions go, their positions are
 * committed at once and forgotten, so this member never commits for them again.
 */
export const accountConsumer = {
  keyFor(event: AccountEvent): string | null {
    return event.account;
  },
  onRecords(records: readonly ConsumedRecord[], ctx: AppSteps): void {
    for (const record of records) {
      const event = record.value as unknown as AccountEvent;
      ctx.apply(record, { ifLastSeq: event.seq - 1 });
      const { topic, partition } = record;
      positions.set(name(record), { topic, partition, offset: record.offset + 1 });
    }
    ctx.commit([...positions.values()]);
  },
  onPartitionsRevoked(partitions: readonly TopicPartition[], ctx: AppSteps): void {
    const leaving = partitions.flatMap((tp) => positions.get(name(tp)) ?? []);
    for (const tp of partitions) positions.delete(name(tp));
    if (leaving.length > 0) ctx.commit(leaving);
  },
};
