import { describe, expect, it } from 'vitest';
import type { TopicPartition } from '../core/types.ts';
import { countBy, eventsOf, simulate } from '../test/engine-helpers.ts';

/**
 * The cooperative protocol (cooperative-sticky), as Kafka's ConsumerCoordinator runs it: members
 * keep consuming what they own while a rebalance runs, a member gives up only the partitions the
 * new assignment takes away and then rejoins at once, and the follow-up rebalance hands those
 * partitions to their new owner.
 */

const names = (tps: TopicPartition[]) => tps.map((tp) => `${tp.topic}-${tp.partition}`);

function run(assignor: 'cooperative-sticky' | 'range') {
  const consumer = (id: string, startAtMs: number) => ({
    id,
    group: 'g',
    topics: ['clicks'],
    assignor,
    processingMs: 3,
    maxPollRecords: 20,
    startAtMs,
  });
  return simulate({
    name: 'cooperative',
    seed: 1,
    durationMs: 1500,
    network: { latencyMs: 2 },
    topics: [{ name: 'clicks', partitions: 2 }],
    producers: [
      {
        id: 'app',
        workload: { generators: [{ topic: 'clicks', count: 400, intervalMs: 2, keys: 6 }] },
      },
    ],
    consumers: [consumer('c1', 0), consumer('c2', 300)],
  }).trace;
}

describe('cooperative rebalancing', () => {
  const trace = run('cooperative-sticky');
  const completed = eventsOf(trace, 'rebalance.completed');
  const started = eventsOf(trace, 'rebalance.started');

  it('revokes only the partition that moves, then rejoins at once for a follow-up rebalance', () => {
    expect(
      completed.map((e) => [
        e.generation,
        Object.fromEntries(Object.entries(e.assignment).map(([m, tps]) => [m, names(tps)])),
      ]),
    ).toEqual([
      [1, { c1: ['clicks-0', 'clicks-1'] }],
      [2, { c1: ['clicks-0'], c2: [] }],
      [3, { c1: ['clicks-0'], c2: ['clicks-1'] }],
    ]);
    const followUp = started.find((e) => e.generation === 3)!;
    expect(followUp.reason).toBe('c1 rejoined');
    // At c1's next poll after the answer, not at some later, unrelated rebalance.
    expect(followUp.at - completed[1].at).toBeLessThan(100);
  });

  it('keeps fetching the partitions a member keeps while its JoinGroup is out', () => {
    // The follow-up rebalance waits for c2, which learns of it from a heartbeat.
    const [from, to] = [started[2].at - 2, completed[2].at];
    const joinSent = eventsOf(
      trace,
      'message.sent',
      (e) => e.from === 'c1' && e.kind === 'JoinGroup' && e.at >= from,
    )[0];
    expect(joinSent.at).toBeLessThan(to);
    const during = eventsOf(
      trace,
      'records.fetched',
      (e) => e.consumer === 'c1' && e.at > joinSent.at && e.at < to,
    );
    expect(during.length).toBeGreaterThan(0);
  });

  it('hands the moved partition over where its old owner committed: nothing is processed twice', () => {
    const processed = eventsOf(trace, 'records.processed');
    expect(processed.some((e) => e.consumer === 'c2' && e.partition === 1)).toBe(true);
    expect(
      [...countBy(processed.flatMap((e) => e.recordIds)).values()].filter((n) => n > 1),
    ).toEqual([]);
  });
});
