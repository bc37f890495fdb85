import { describe, expect, it } from 'vitest';
import { brokerWorld, type ScriptedActor } from '../test/engine-helpers.ts';
import type * as P from './protocol.ts';

/**
 * Offset commits are fenced by generation, as Kafka's GroupCoordinator.handleCommitOffsets does:
 * scripted members speak JoinGroup and OffsetCommit by hand, so the generation a commit carries
 * is chosen by the test.
 */

describe('offset commits and group generations', () => {
  const { world, clients } = brokerWorld([{ name: 'clicks', partitions: 2 }], ['m1', 'm2']);

  const join = (member: ScriptedActor) => {
    const request: P.JoinGroupRequest = {
      kind: 'JoinGroup',
      group: 'g',
      member: member.id,
      topics: ['clicks'],
      assignor: 'range',
      sessionTimeoutMs: 10_000,
      owned: [],
    };
    member.toBroker(request);
  };

  const generationOf = (member: ScriptedActor) =>
    member.messages<P.JoinGroupResponse>('JoinGroupResponse').at(-1)!.message.generation;

  const commit = (member: ScriptedActor, generation: number, requestId: number) => {
    const request: P.OffsetCommitRequest = {
      kind: 'OffsetCommit',
      requestId,
      group: 'g',
      member: member.id,
      generation,
      offsets: [{ topic: 'clicks', partition: 0, offset: 5 }],
    };
    member.toBroker(request);
    world.runUntil(world.now + 10);
    const reply = member
      .messages<P.OffsetCommitResponse>('OffsetCommitResponse')
      .find((m) => m.message.requestId === requestId);
    return reply?.message.error;
  };

  join(clients.m1);
  world.runUntil(world.now + 100);
  const first = generationOf(clients.m1);
  join(clients.m2);
  join(clients.m1);
  world.runUntil(world.now + 100);
  const second = generationOf(clients.m1);

  it('moves to a new generation when a member joins', () => {
    expect([first, second]).toEqual([1, 2]);
    expect(generationOf(clients.m2)).toBe(2);
  });

  it('refuses a commit that carries an earlier generation with ILLEGAL_GENERATION', () => {
    expect(commit(clients.m1, first, 1)).toBe('ILLEGAL_GENERATION');
  });

  it('accepts the same commit with the current generation', () => {
    expect(commit(clients.m1, second, 2)).toBeNull();
  });

  /**
   * KIP-447: sendOffsetsToTransaction carries consumer.groupMetadata(), and the coordinator checks
   * it as for a plain commit (GroupCoordinator.scala doTxnCommitOffsets → validateOffsetCommit at
   * 3.8.0): a stale generation gets ILLEGAL_GENERATION, a member the group does not know
   * UNKNOWN_MEMBER_ID, and both abort the transaction on the client (CommitFailedException).
   */
  describe('in a transaction (sendOffsetsToTransaction with the group metadata)', () => {
    const init: P.InitProducerIdRequest = {
      kind: 'InitProducerId',
      transactionalId: 'tx',
      transactionTimeoutMs: 10_000,
      producerId: -1,
      producerEpoch: -1,
      correlationId: 1,
    };
    clients.m1.toBroker(init);
    world.runUntil(world.now + 10);
    const ids = clients.m1
      .messages<P.InitProducerIdResponse>('InitProducerIdResponse')
      .at(-1)!.message;

    const txnCommit = (member: string, generation: number) => {
      const before =
        clients.m1.messages<P.TxnOffsetCommitResponse>('TxnOffsetCommitResponse').length;
      const request: P.TxnOffsetCommitRequest = {
        kind: 'TxnOffsetCommit',
        transactionalId: 'tx',
        producerId: ids.producerId,
        producerEpoch: ids.producerEpoch,
        group: 'g',
        member,
        generation,
        offsets: [{ topic: 'clicks', partition: 1, offset: 7 }],
      };
      clients.m1.toBroker(request);
      world.runUntil(world.now + 10);
      return clients.m1.messages<P.TxnOffsetCommitResponse>('TxnOffsetCommitResponse')[before]
        ?.message.error;
    };

    it('refuses offsets that carry an earlier generation with ILLEGAL_GENERATION', () => {
      expect(txnCommit('m1', first)).toBe('ILLEGAL_GENERATION');
    });

    it('refuses offsets from a member the group does not know with UNKNOWN_MEMBER_ID', () => {
      expect(txnCommit('zombie', second)).toBe('UNKNOWN_MEMBER_ID');
    });

    it('takes the offsets of the current generation into the transaction', () => {
      expect(txnCommit('m1', second)).toBeNull();
    });
  });
});
