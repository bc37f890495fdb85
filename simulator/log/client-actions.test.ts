import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import { countBy, eventsOf, exampleScenario, simulate } from '../test/engine-helpers.ts';

/**
 * What a Kafka client does on purpose, from the schedule (example `abort-and-close`): the
 * application aborts its transaction (KafkaProducer.abortTransaction), and a consumer closes
 * gracefully (KafkaConsumer.close sends LeaveGroup).
 */

describe('abortTransaction and close', () => {
  const { trace } = simulate(exampleScenario('abort-and-close'));
  const processed = eventsOf(trace, 'records.processed').flatMap((e) => e.recordIds);

  it('aborts the open transaction when the application asks, and sends its records again', () => {
    const [aborted] = eventsOf(trace, 'txn.aborted');
    expect(aborted).toMatchObject({ at: 152, reason: 'requested' });
    const markers = eventsOf(trace, 'marker.written', (e) => e.marker === 'ABORT');
    expect(markers.length).toBeGreaterThan(0);
    // The aborted records were appended twice; read_committed readers saw each once.
    const appended = countBy(
      eventsOf(trace, 'record.appended', (e) => e.topic === 'orders').map((e) => e.record.id),
    );
    expect([...appended.values()].some((n) => n > 1)).toBe(true);
    expect([...countBy(processed).values()].every((n) => n === 1)).toBe(true);
    expect(new Set(processed).size).toBe(36);
  });

  it('leaves the group at once on close, so its partition moves without waiting for the session timeout', () => {
    const [closed] = eventsOf(trace, 'consumer.closed');
    expect(closed).toMatchObject({ at: 400, consumer: 'audit-1' });
    const [left] = eventsOf(trace, 'member.left');
    expect(left).toMatchObject({ member: 'audit-1', reason: 'leave' });
    const moved = eventsOf(trace, 'rebalance.completed').at(-1)!;
    expect(Object.keys(moved.assignment)).toEqual(['audit-2']);
    expect(moved.at - closed.at).toBeLessThan(600);
    expect(
      eventsOf(trace, 'records.fetched', (e) => e.consumer === 'audit-1' && e.at > closed.at),
    ).toEqual([]);
  });

  it('records a decision that finds nothing to act on', () => {
    const base = exampleScenario('abort-and-close');
    const early = simulate({
      ...base,
      faults: [{ at: 0, kind: 'abortTransaction', target: 'orders-app' }],
    });
    expect(eventsOf(early.trace, 'command.ignored')).toMatchObject([
      { actor: 'orders-app', command: 'abortTransaction' },
    ]);
  });

  it('refuses a decision aimed at the wrong kind of client', () => {
    const base = exampleScenario('abort-and-close');
    const result = parseScenario(
      JSON.stringify({
        ...base,
        faults: [
          { at: 10, kind: 'abortTransaction', target: 'audit-1' },
          { at: 20, kind: 'close', target: 'orders-app' },
        ],
      }),
    );
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      '/faults/0/target: abortTransaction is something a producer does, but "audit-1" is a consumer',
      '/faults/1/target: close is something a consumer does, but "orders-app" is a producer',
    ]);
  });
});
