import { describe, expect, it } from 'vitest';
import type { TopicPartition } from '../core/types.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import { countBy, eventsOf, simulate } from '../test/engine-helpers.ts';

/**
 * The group coordinator, through small scenarios: a producer fills `clicks` (2 partitions) with
 * a record every 2 ms, consumers in group `g` read it, and the trace tells what the group did.
 */

type ConsumerInput = NonNullable<ScenarioInput['consumers']>[number];

function consumer(id: string, extra: Partial<ConsumerInput> = {}): ConsumerInput {
  return { id, group: 'g', topics: ['clicks'], processingMs: 3, maxPollRecords: 20, ...extra };
}

function scenario(
  consumers: ConsumerInput[],
  faults: ScenarioInput['faults'] = [],
  durationMs = 1500,
): ScenarioInput {
  return {
    name: 'group',
    seed: 1,
    durationMs,
    network: { latencyMs: 2 },
    topics: [{ name: 'clicks', partitions: 2 }],
    producers: [
      {
        id: 'app',
        workload: { generators: [{ topic: 'clicks', count: 400, intervalMs: 2, keys: 6 }] },
      },
    ],
    consumers,
    faults,
  };
}

const names = (tps: TopicPartition[]) => tps.map((tp) => `${tp.topic}-${tp.partition}`);

describe('group coordinator', () => {
  it('puts members that start within the initial rebalance delay into one generation', () => {
    const world = simulate(
      scenario([
        consumer('c1'),
        consumer('c2', { startAtMs: 5 }),
        consumer('c3', { startAtMs: 10 }),
      ]),
    );
    const completed = eventsOf(world.trace, 'rebalance.completed');
    expect(completed.map((e) => e.generation)).toEqual([1]);
    expect(Object.keys(completed[0].assignment).sort()).toEqual(['c1', 'c2', 'c3']);
  });

  it('rebalances again for a member that joins after the initial delay', () => {
    const world = simulate(scenario([consumer('c1'), consumer('c2', { startAtMs: 300 })]));
    const completed = eventsOf(world.trace, 'rebalance.completed');
    expect(completed.map((e) => Object.keys(e.assignment).sort())).toEqual([['c1'], ['c1', 'c2']]);
    expect(completed.map((e) => e.generation)).toEqual([1, 2]);
  });

  it('removes a crashed member once session.timeout.ms passes without a heartbeat and moves its partitions', () => {
    const world = simulate(
      scenario(
        [consumer('c1', { sessionTimeoutMs: 300 }), consumer('c2', { sessionTimeoutMs: 300 })],
        [{ at: 400, kind: 'crash', target: 'c1' }],
      ),
    );
    const [left] = eventsOf(world.trace, 'member.left');
    expect(left).toMatchObject({ member: 'c1', reason: 'sessionTimeout' });
    const lastHeartbeat = eventsOf(
      world.trace,
      'message.sent',
      (e) => e.from === 'c1' && e.kind === 'Heartbeat',
    ).at(-1)!;
    expect(left.at - lastHeartbeat.deliverAt).toBeGreaterThan(300);
    // The broker looks for expired sessions every 100 ms.
    expect(left.at).toBeLessThanOrEqual(400 + 300 + 100);
    const last = eventsOf(world.trace, 'rebalance.completed').at(-1)!;
    expect(last.at).toBeGreaterThanOrEqual(left.at);
    expect(Object.keys(last.assignment)).toEqual(['c2']);
    expect(names(last.assignment.c2)).toEqual(['clicks-0', 'clicks-1']);
  });

  it('keeps a member that joined while the group waited for a dead member (a pending join needs no heartbeat)', () => {
    // c1 crashes; c3 joins while the coordinator waits out c1's longer session for the rebalance.
    // c3 sends no heartbeats while its JoinGroup is pending, longer than its own session timeout;
    // Kafka counts a pending join as alive, and starts its session afresh when the answer goes out.
    const world = simulate(
      scenario(
        [
          consumer('c1', { sessionTimeoutMs: 600 }),
          consumer('c2', { sessionTimeoutMs: 600 }),
          consumer('c3', { sessionTimeoutMs: 300, heartbeatIntervalMs: 250, startAtMs: 420 }),
        ],
        [{ at: 400, kind: 'crash', target: 'c1' }],
      ),
    );
    expect(eventsOf(world.trace, 'member.left').map((e) => [e.member, e.reason])).toEqual([
      ['c1', 'sessionTimeout'],
    ]);
    const last = eventsOf(world.trace, 'rebalance.completed').at(-1)!;
    expect(Object.keys(last.assignment).sort()).toEqual(['c2', 'c3']);
  });

  it('lets a member commit while the group prepares a rebalance it has not rejoined yet (Kafka allows commits in PreparingRebalance)', () => {
    const world = simulate(scenario([consumer('c1'), consumer('c2', { startAtMs: 300 })]));
    const started = eventsOf(world.trace, 'rebalance.started', (e) => e.generation === 2)[0];
    const completed = eventsOf(world.trace, 'rebalance.completed', (e) => e.generation === 2)[0];
    const during = eventsOf(
      world.trace,
      'offset.committed',
      (e) => e.member === 'c1' && e.at > started.at && e.at <= completed.at,
    );
    expect(during.length).toBeGreaterThan(0);
    // So the new owner of each partition starts where c1 stopped: no record is processed twice.
    const processed = eventsOf(world.trace, 'records.processed').flatMap((e) => e.recordIds);
    expect([...countBy(processed).values()].filter((n) => n > 1)).toEqual([]);
  });

  it('refuses the commit of a member the group has moved on from, and the member rejoins', () => {
    // c1 freezes mid-batch for longer than its session: the group gives its partition to c2.
    const world = simulate(
      scenario(
        [consumer('c1'), consumer('c2')],
        [{ at: 400, kind: 'pause', target: 'c1', durationMs: 600 }],
      ),
    );
    expect(eventsOf(world.trace, 'member.left')).toMatchObject([
      { member: 'c1', reason: 'sessionTimeout' },
    ]);
    const resumedAt = 1000;
    const rejoined = eventsOf(
      world.trace,
      'member.joined',
      (e) => e.member === 'c1' && e.at > resumedAt,
    )[0];
    expect(rejoined).toMatchObject({ type: 'member.joined', member: 'c1' });
    const commitSent = eventsOf(
      world.trace,
      'message.sent',
      (e) => e.from === 'c1' && e.kind === 'OffsetCommit' && e.at >= resumedAt,
    )[0];
    expect(commitSent.at).toBeLessThan(rejoined.at);
    const acceptedMeanwhile = eventsOf(
      world.trace,
      'offset.committed',
      (e) => e.member === 'c1' && e.at >= resumedAt && e.at < rejoined.at,
    );
    expect(acceptedMeanwhile).toEqual([]);
  });

  it('keeps committed offsets across a broker crash and restart', () => {
    const world = simulate(
      scenario(
        [consumer('c1')],
        [
          { at: 500, kind: 'crash', target: 'broker' },
          { at: 600, kind: 'restart', target: 'broker' },
        ],
      ),
    );
    const lastBefore = new Map<number, number>();
    for (const e of eventsOf(world.trace, 'offset.committed', (e) => e.at < 500))
      lastBefore.set(e.partition, e.offset);
    const after = eventsOf(world.trace, 'consumer.positioned', (e) => e.at > 600);
    expect(after.map((e) => [e.partition, e.from, e.offset])).toEqual(
      [0, 1].map((p) => [p, 'committed', lastBefore.get(p)]),
    );
  });

  it("assigns two topics as Kafka's range and round-robin assignors do", () => {
    // Kafka's documentation example: two consumers C0, C1 subscribed to t0 and t1, 3 partitions each.
    const both = ['t0', 't1'];
    const world = simulate({
      name: 'assignors',
      seed: 1,
      durationMs: 200,
      topics: [
        { name: 't0', partitions: 3 },
        { name: 't1', partitions: 3 },
      ],
      consumers: [
        { id: 'C0', group: 'range', topics: both, assignor: 'range' },
        { id: 'C1', group: 'range', topics: both, assignor: 'range' },
        { id: 'R0', group: 'rr', topics: both, assignor: 'roundrobin' },
        { id: 'R1', group: 'rr', topics: both, assignor: 'roundrobin' },
      ],
    });
    const byGroup = Object.fromEntries(
      eventsOf(world.trace, 'rebalance.completed').map((e) => [
        e.group,
        Object.fromEntries(Object.entries(e.assignment).map(([m, tps]) => [m, names(tps)])),
      ]),
    );
    expect(byGroup.range).toEqual({ C0: ['t0-0', 't0-1', 't1-0', 't1-1'], C1: ['t0-2', 't1-2'] });
    expect(byGroup.rr).toEqual({ R0: ['t0-0', 't0-2', 't1-1'], R1: ['t0-1', 't1-0', 't1-2'] });
  });
});
