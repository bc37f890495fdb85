import fc from 'fast-check';
import { checkPropertyOf } from '../test/property.ts';
import { describe, expect, it } from 'vitest';
import { tpKey, type TopicPartition } from '../core/types.ts';
import {
  assignPartitions,
  cooperativeStickyAssign,
  javaHashMapOrder,
  rangeAssign,
  revocations,
  roundRobinAssign,
  stickyAssign,
  type Assignment,
  type GroupMember,
} from './assignors.ts';

const TEST_FILE = 'simulator/log/assignors.test.ts';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const sorted = (list: TopicPartition[]) =>
  [...list].sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
const member = (id: string, topics: string[], groupInstanceId?: string): GroupMember =>
  groupInstanceId === undefined ? { id, topics } : { id, topics, groupInstanceId };

/** The assignment keyed by group instance id (Kafka's `checkStaticAssignment`). */
function byInstance(
  members: GroupMember[],
  assignment: Assignment,
): Record<string, TopicPartition[]> {
  const out: Record<string, TopicPartition[]> = {};
  for (const m of members) if (m.groupInstanceId) out[m.groupInstanceId] = assignment[m.id];
  return out;
}

// Examples transcribed from apache/kafka RangeAssignorTest.java and RangeAssignor's javadoc.
describe('rangeAssign (Kafka RangeAssignor)', () => {
  it('gives a member with no subscription nothing', () => {
    expect(rangeAssign([member('consumer1', [])], {})).toEqual({ consumer1: [] });
  });

  it('gives nothing for a topic that does not exist', () => {
    expect(rangeAssign([member('consumer1', ['topic1'])], {})).toEqual({ consumer1: [] });
  });

  it('gives one member every partition of its topic and nothing of other topics', () => {
    const assignment = rangeAssign([member('consumer1', ['topic1'])], { topic1: 3, other: 3 });
    expect(assignment).toEqual({ consumer1: [tp('topic1', 0), tp('topic1', 1), tp('topic1', 2)] });
  });

  it('gives one member all partitions of several topics', () => {
    const assignment = rangeAssign([member('consumer1', ['topic1', 'topic2'])], {
      topic1: 1,
      topic2: 2,
    });
    expect(assignment.consumer1).toEqual([tp('topic1', 0), tp('topic2', 0), tp('topic2', 1)]);
  });

  it('leaves the second of two members idle when there is one partition', () => {
    const members = [member('consumer1', ['topic1']), member('consumer2', ['topic1'])];
    expect(rangeAssign(members, { topic1: 1 })).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [],
    });
    expect(rangeAssign(members, { topic1: 2 })).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [tp('topic1', 1)],
    });
  });

  it('cuts each topic into ranges among only the members subscribed to it', () => {
    const members = [
      member('consumer1', ['topic1']),
      member('consumer2', ['topic1', 'topic2']),
      member('consumer3', ['topic1']),
    ];
    expect(rangeAssign(members, { topic1: 3, topic2: 2 })).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      consumer3: [tp('topic1', 2)],
    });
  });

  it('gives the extra partition of every topic to the same first member', () => {
    const members = [member('C1', ['t0', 't1']), member('C0', ['t0', 't1'])];
    expect(rangeAssign(members, { t0: 3, t1: 3 })).toEqual({
      C0: [tp('t0', 0), tp('t0', 1), tp('t1', 0), tp('t1', 1)],
      C1: [tp('t0', 2), tp('t1', 2)],
    });
  });

  it('orders static members by instance id, ahead of dynamic members', () => {
    const both = ['topic1', 'topic2'];
    const twoStatic = [
      member('consumer-b', both, 'instance1'),
      member('consumer-a', both, 'instance2'),
    ];
    const oneStatic = [member('consumer-b', both, 'instance1'), member('consumer-a', both)];
    for (const members of [twoStatic, oneStatic]) {
      const assignment = rangeAssign(members, { topic1: 3, topic2: 3 });
      expect(assignment['consumer-b']).toEqual([
        tp('topic1', 0),
        tp('topic1', 1),
        tp('topic2', 0),
        tp('topic2', 1),
      ]);
      expect(assignment['consumer-a']).toEqual([tp('topic1', 2), tp('topic2', 2)]);
    }
  });

  it('keeps static members on the same partitions when a dynamic member is replaced', () => {
    const both = ['topic1', 'topic2'];
    const statics = [
      member('consumer1', both, 'instance1'),
      member('consumer2', both, 'instance2'),
      member('consumer3', both, 'instance3'),
    ];
    const expected = {
      consumer1: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0)],
      consumer2: [tp('topic1', 2), tp('topic2', 1)],
      consumer3: [tp('topic1', 3), tp('topic2', 2)],
    };
    const counts = { topic1: 5, topic2: 4 };
    expect(rangeAssign([...statics, member('consumer4', both)], counts)).toEqual({
      ...expected,
      consumer4: [tp('topic1', 4), tp('topic2', 3)],
    });
    expect(rangeAssign([...statics, member('consumer5', both)], counts)).toEqual({
      ...expected,
      consumer5: [tp('topic1', 4), tp('topic2', 3)],
    });
  });

  it('keeps static members on the same partitions when their member ids change', () => {
    const both = ['topic1', 'topic2'];
    const before = [
      member('consumer1', both, 'instance1'),
      member('consumer2', both, 'instance2'),
      member('consumer3', both, 'instance3'),
    ];
    const after = [
      member('consumer1', both, 'instance1'),
      member('consumer5', both, 'instance2'),
      member('consumer4', both, 'instance3'),
    ];
    const counts = { topic1: 5, topic2: 5 };
    const expected = {
      instance1: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      instance2: [tp('topic1', 2), tp('topic1', 3), tp('topic2', 2), tp('topic2', 3)],
      instance3: [tp('topic1', 4), tp('topic2', 4)],
    };
    expect(byInstance(before, rangeAssign(before, counts))).toEqual(expected);
    expect(byInstance(after, rangeAssign(after, counts))).toEqual(expected);
  });

  it('refuses two members with the same id', () => {
    expect(() => rangeAssign([member('a', ['t']), member('a', ['t'])], { t: 1 })).toThrow(/twice/);
  });
});

// Examples transcribed from apache/kafka RoundRobinAssignorTest.java and RoundRobinAssignor's javadoc.
describe('roundRobinAssign (Kafka RoundRobinAssignor)', () => {
  it('gives nothing to a member without topics or with a missing topic', () => {
    expect(roundRobinAssign([member('consumer', [])], {})).toEqual({ consumer: [] });
    expect(roundRobinAssign([member('consumer', ['topic'])], {})).toEqual({ consumer: [] });
  });

  it('gives one member all partitions of its topics only', () => {
    expect(roundRobinAssign([member('consumer', ['topic'])], { topic: 3, other: 3 })).toEqual({
      consumer: [tp('topic', 0), tp('topic', 1), tp('topic', 2)],
    });
    expect(
      roundRobinAssign([member('consumer', ['topic1', 'topic2'])], { topic1: 1, topic2: 2 })
        .consumer,
    ).toEqual([tp('topic1', 0), tp('topic2', 0), tp('topic2', 1)]);
  });

  it('deals single partitions to members in id order', () => {
    const members = [member('consumer1', ['topic']), member('consumer2', ['topic'])];
    expect(roundRobinAssign(members, { topic: 1 })).toEqual({
      consumer1: [tp('topic', 0)],
      consumer2: [],
    });
    expect(roundRobinAssign(members, { topic: 2 })).toEqual({
      consumer1: [tp('topic', 0)],
      consumer2: [tp('topic', 1)],
    });
  });

  it('skips members not subscribed to a partition’s topic', () => {
    const members = [
      member('consumer1', ['topic1']),
      member('consumer2', ['topic1', 'topic2']),
      member('consumer3', ['topic1']),
    ];
    expect(roundRobinAssign(members, { topic1: 3, topic2: 2 })).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      consumer3: [tp('topic1', 2)],
    });
  });

  it('deals all partitions of all topics in turn', () => {
    const members = [
      member('consumer1', ['topic1', 'topic2']),
      member('consumer2', ['topic1', 'topic2']),
    ];
    expect(roundRobinAssign(members, { topic1: 3, topic2: 3 })).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)],
    });
  });

  it('ends up unbalanced when subscriptions differ, as its documentation warns', () => {
    const members = [
      member('C0', ['t0']),
      member('C1', ['t0', 't1']),
      member('C2', ['t0', 't1', 't2']),
    ];
    expect(roundRobinAssign(members, { t0: 1, t1: 2, t2: 3 })).toEqual({
      C0: [tp('t0', 0)],
      C1: [tp('t1', 0)],
      C2: [tp('t1', 1), tp('t2', 0), tp('t2', 1), tp('t2', 2)],
    });
  });

  it('orders static members by instance id, ahead of dynamic members', () => {
    const both = ['topic1', 'topic2'];
    const twoStatic = [
      member('consumer-b', both, 'instance1'),
      member('consumer-a', both, 'instance2'),
    ];
    const oneStatic = [member('consumer-b', both, 'instance1'), member('consumer-a', both)];
    for (const members of [twoStatic, oneStatic]) {
      const assignment = roundRobinAssign(members, { topic1: 3, topic2: 3 });
      expect(assignment['consumer-b']).toEqual([tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)]);
      expect(assignment['consumer-a']).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)]);
    }
  });

  it('keeps static members on the same partitions when a dynamic member is replaced', () => {
    const both = ['topic1', 'topic2'];
    const statics = [
      member('consumer1', both, 'instance1'),
      member('consumer2', both, 'instance2'),
      member('consumer3', both, 'instance3'),
    ];
    const expected = {
      consumer1: [tp('topic1', 0), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 2)],
      consumer3: [tp('topic1', 2)],
    };
    const counts = { topic1: 3, topic2: 3 };
    expect(roundRobinAssign([...statics, member('consumer4', both)], counts)).toEqual({
      ...expected,
      consumer4: [tp('topic2', 0)],
    });
    expect(roundRobinAssign([...statics, member('consumer5', both)], counts)).toEqual({
      ...expected,
      consumer5: [tp('topic2', 0)],
    });
  });

  it('keeps static members on the same partitions when their member ids change', () => {
    const both = ['topic1', 'topic2'];
    const before = [
      member('consumer1', both, 'instance1'),
      member('consumer2', both, 'instance2'),
      member('consumer3', both, 'instance3'),
    ];
    const after = [
      member('consumer1', both, 'instance1'),
      member('consumer5', both, 'instance2'),
      member('consumer4', both, 'instance3'),
    ];
    const counts = { topic1: 5, topic2: 5 };
    const expected = {
      instance1: [tp('topic1', 0), tp('topic1', 3), tp('topic2', 1), tp('topic2', 4)],
      instance2: [tp('topic1', 1), tp('topic1', 4), tp('topic2', 2)],
      instance3: [tp('topic1', 2), tp('topic2', 0), tp('topic2', 3)],
    };
    expect(byInstance(before, roundRobinAssign(before, counts))).toEqual(expected);
    expect(byInstance(after, roundRobinAssign(after, counts))).toEqual(expected);
  });
});

describe('javaHashMapOrder', () => {
  it('walks keys by Java hash bucket, which puts consumer4 before consumer1', () => {
    // "consumer1".."consumer4" hash to buckets 12, 11, 10, 9 of a 16-bucket table.
    expect(javaHashMapOrder(['consumer1', 'consumer2', 'consumer3', 'consumer4'])).toEqual([
      'consumer4',
      'consumer3',
      'consumer2',
      'consumer1',
    ]);
  });
});

// Examples transcribed from apache/kafka AbstractStickyAssignorTest.java (the Kafka 3.5+ version,
// without racks): `assignment` is the sticky plan, `transferring` Kafka's
// partitionsTransferringOwnership.
describe('stickyAssign (Kafka AbstractStickyAssignor)', () => {
  const both = ['topic1', 'topic2'];
  const transfers = (plan: { transferring: Map<string, string> }) =>
    Object.fromEntries(plan.transferring);

  it('deals partitions round robin when nobody owns anything', () => {
    const members = [member('consumer1', both), member('consumer2', both)];
    const plan = stickyAssign(members, { topic1: 3, topic2: 3 });
    expect(plan.assignment).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)],
    });
    expect(plan.transferring.size).toBe(0);
  });

  it('moves one partition to a member that joins, and all back when the first leaves', () => {
    const counts = { topic: 3 };
    const first = stickyAssign([member('consumer1', ['topic'])], counts);
    expect(first.assignment.consumer1).toEqual([tp('topic', 0), tp('topic', 1), tp('topic', 2)]);
    const members = [member('consumer1', ['topic']), member('consumer2', ['topic'])];
    const second = stickyAssign(members, counts, {
      consumer1: first.assignment.consumer1,
      consumer2: [],
    });
    expect(second.assignment).toEqual({
      consumer1: [tp('topic', 0), tp('topic', 1)],
      consumer2: [tp('topic', 2)],
    });
    expect(transfers(second)).toEqual({ [tpKey('topic', 2)]: 'consumer2' });
    const third = stickyAssign([member('consumer2', ['topic'])], counts, {
      consumer2: [tp('topic', 2)],
    });
    expect(sorted(third.assignment.consumer2)).toEqual([
      tp('topic', 0),
      tp('topic', 1),
      tp('topic', 2),
    ]);
    expect(third.transferring.size).toBe(0);
  });

  it('gives joining members the partitions the others hold beyond their quota', () => {
    const counts = { topic1: 3, topic2: 4 };
    const first = stickyAssign([member('consumer1', both), member('consumer2', both)], counts);
    expect(first.assignment).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 2), tp('topic2', 1), tp('topic2', 3)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)],
    });
    const four = ['consumer1', 'consumer2', 'consumer3', 'consumer4'].map((id) => member(id, both));
    const second = stickyAssign(four, counts, {
      ...first.assignment,
      consumer3: [],
      consumer4: [],
    });
    expect(transfers(second)).toEqual({
      [tpKey('topic1', 2)]: 'consumer3',
      [tpKey('topic2', 3)]: 'consumer3',
      [tpKey('topic2', 2)]: 'consumer4',
    });
    expect(second.assignment).toEqual({
      consumer1: [tp('topic1', 0), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 0)],
      consumer3: [tp('topic1', 2), tp('topic2', 3)],
      consumer4: [tp('topic2', 2)],
    });
    const two = [member('consumer3', both), member('consumer4', both)];
    const third = stickyAssign(two, counts, {
      consumer3: second.assignment.consumer3,
      consumer4: second.assignment.consumer4,
    });
    expect(third.assignment).toEqual({
      consumer3: sorted([tp('topic1', 2), tp('topic2', 3), tp('topic1', 0), tp('topic2', 1)]),
      consumer4: sorted([tp('topic2', 2), tp('topic1', 1), tp('topic2', 0)]),
    });
    expect(third.transferring.size).toBe(0);
  });

  it('lets a member that owns the minimum quota take the one extra partition', () => {
    const members = [member('consumer1', both), member('consumer2', both)];
    const plan = stickyAssign(
      members,
      { topic1: 2, topic2: 3 },
      {
        consumer1: [tp('topic1', 0), tp('topic2', 1)],
        consumer2: [tp('topic1', 1), tp('topic2', 2)],
      },
    );
    expect(plan.assignment).toEqual({
      consumer1: sorted([tp('topic1', 0), tp('topic2', 1), tp('topic2', 0)]),
      consumer2: [tp('topic1', 1), tp('topic2', 2)],
    });
    expect(plan.transferring.size).toBe(0);
  });

  it('lets only as many members keep the maximum quota as the partitions allow', () => {
    const members = ['consumer1', 'consumer2', 'consumer3'].map((id) => member(id, both));
    const plan = stickyAssign(
      members,
      { topic1: 2, topic2: 2 },
      {
        consumer1: [tp('topic1', 0), tp('topic2', 0)],
        consumer2: [tp('topic1', 1), tp('topic2', 1)],
        consumer3: [],
      },
    );
    expect(transfers(plan)).toEqual({ [tpKey('topic2', 0)]: 'consumer3' });
    expect(plan.assignment).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [tp('topic1', 1), tp('topic2', 1)],
      consumer3: [tp('topic2', 0)],
    });
  });

  it('fills members that all own less than the minimum quota', () => {
    const members = ['consumer1', 'consumer2', 'consumer3'].map((id) => member(id, both));
    const plan = stickyAssign(
      members,
      { topic1: 2, topic2: 3 },
      {
        consumer1: [tp('topic1', 0)],
        consumer2: [tp('topic1', 1)],
        consumer3: [],
      },
    );
    expect(plan.transferring.size).toBe(0);
    expect(plan.assignment).toEqual({
      consumer1: [tp('topic1', 0), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 2)],
      consumer3: [tp('topic2', 0)],
    });
  });

  it('balances members with different subscriptions', () => {
    const members = [
      member('consumer1', ['topic1']),
      member('consumer2', ['topic1', 'topic2']),
      member('consumer3', ['topic1']),
    ];
    expect(stickyAssign(members, { topic1: 3, topic2: 2 }).assignment).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 2)],
      consumer2: [tp('topic2', 0), tp('topic2', 1)],
      consumer3: [tp('topic1', 1)],
    });
  });

  it('takes a partition claimed by two members from both', () => {
    const members = [member('a', ['t']), member('b', ['t'])];
    const plan = stickyAssign(members, { t: 2 }, { a: [tp('t', 0)], b: [tp('t', 0)] });
    const owner = plan.assignment.a.some((p) => p.partition === 0) ? 'a' : 'b';
    expect(transfers(plan)).toEqual({ [tpKey('t', 0)]: owner });
  });

  it('frees the partitions of a member that left without a revocation round', () => {
    const plan = stickyAssign([member('b', ['t'])], { t: 2 }, { a: [tp('t', 0)], b: [tp('t', 1)] });
    expect(plan.assignment).toEqual({ b: [tp('t', 0), tp('t', 1)] });
    expect(plan.transferring.size).toBe(0);
  });
});

describe('cooperativeStickyAssign (Kafka CooperativeStickyAssignor)', () => {
  it('withholds a moving partition until its previous owner has revoked it', () => {
    const members = [member('consumer1', ['topic']), member('consumer2', ['topic'])];
    const counts = { topic: 3 };
    const previous = { consumer1: [tp('topic', 0), tp('topic', 1), tp('topic', 2)], consumer2: [] };
    const first = cooperativeStickyAssign(members, counts, previous);
    expect(first).toEqual({ consumer1: [tp('topic', 0), tp('topic', 1)], consumer2: [] });
    expect(revocations('cooperative', previous, first)).toEqual({ consumer1: [tp('topic', 2)] });
    const second = cooperativeStickyAssign(members, counts, first);
    expect(second).toEqual({
      consumer1: [tp('topic', 0), tp('topic', 1)],
      consumer2: [tp('topic', 2)],
    });
    expect(revocations('cooperative', first, second)).toEqual({});
  });

  it('is what assignPartitions runs for "cooperative-sticky"', () => {
    const members = [member('consumer1', ['topic']), member('consumer2', ['topic'])];
    const previous = { consumer1: [tp('topic', 0), tp('topic', 1), tp('topic', 2)] };
    expect(assignPartitions('cooperative-sticky', members, { topic: 3 }, previous)).toEqual(
      cooperativeStickyAssign(members, { topic: 3 }, previous),
    );
  });
});

describe('revocations', () => {
  it('revokes everything a member owned under the eager protocol', () => {
    const previous = { a: [tp('t', 1), tp('t', 0)] };
    expect(revocations('eager', previous, { a: [tp('t', 0)] })).toEqual({
      a: [tp('t', 0), tp('t', 1)],
    });
  });
});

/** An arbitrary group: topics, members with non-empty subscriptions and arbitrary claims. */
const groupArbitrary = fc
  .record({
    counts: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
    memberCount: fc.integer({ min: 1, max: 5 }),
    sameSubscriptions: fc.boolean(),
    seedBits: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  })
  .map(({ counts, memberCount, sameSubscriptions, seedBits }) => {
    const topics = counts.map((_, i) => `t${i}`);
    const partitionsPerTopic = Object.fromEntries(topics.map((t, i) => [t, counts[i]]));
    let bit = 0;
    const draw = (bound: number) => seedBits[bit++ % seedBits.length] % bound;
    const members = Array.from({ length: memberCount }, (_, i) => {
      const subscription = sameSubscriptions ? topics : topics.filter(() => draw(2) === 0);
      return member(
        `m${i}`,
        subscription.length > 0 ? subscription : [topics[draw(topics.length)]],
      );
    });
    const previous: Record<string, TopicPartition[]> = {};
    for (const t of topics) {
      for (let p = 0; p < partitionsPerTopic[t]; p++) {
        const owner = draw(memberCount + 1); // memberCount means nobody owns it
        if (owner < memberCount) (previous[`m${owner}`] ??= []).push(tp(t, p));
      }
    }
    return { members, partitionsPerTopic, previous };
  });

/** Every partition of a subscribed topic goes to exactly one member that subscribes to its topic. */
function expectValid(
  members: GroupMember[],
  counts: Record<string, number>,
  assignment: Assignment,
) {
  const seen = new Set<string>();
  for (const m of members) {
    for (const p of assignment[m.id]) {
      expect(m.topics).toContain(p.topic);
      const key = tpKey(p.topic, p.partition);
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  }
  const subscribed = new Set(members.flatMap((m) => m.topics));
  const expected = [...subscribed].reduce((sum, t) => sum + (counts[t] ?? 0), 0);
  expect(seen.size).toBe(expected);
}

/** Kafka's balance check: no partition could move to a member holding two or more fewer. */
function expectBalanced(members: GroupMember[], assignment: Assignment) {
  for (const a of members) {
    for (const b of members) {
      if (assignment[a.id].length - assignment[b.id].length < 2) continue;
      for (const p of assignment[a.id]) expect(b.topics).not.toContain(p.topic);
    }
  }
}

describe('assignor properties', () => {
  const eagerName = 'range and round robin give every subscribed partition to one subscriber';
  it(eagerName, () => {
    checkPropertyOf(
      { file: TEST_FILE, name: eagerName },
      fc.property(groupArbitrary, ({ members, partitionsPerTopic }) => {
        expectValid(members, partitionsPerTopic, rangeAssign(members, partitionsPerTopic));
        expectValid(members, partitionsPerTopic, roundRobinAssign(members, partitionsPerTopic));
      }),
    );
  });

  // Kafka's CooperativeStickyAssignorTest.verifyValidityAndBalance: rebalance until nothing is
  // revoked (at most 4 rounds), never hand out a partition in the round it is revoked, and end
  // valid and balanced.
  const coopName =
    'cooperative sticky converges to a valid, balanced assignment without double ownership';
  it(coopName, () => {
    checkPropertyOf(
      { file: TEST_FILE, name: coopName },
      fc.property(groupArbitrary, ({ members, partitionsPerTopic, previous }) => {
        let owned: Assignment = previous;
        for (let round = 1; ; round++) {
          expect(round).toBeLessThanOrEqual(4);
          const next = cooperativeStickyAssign(members, partitionsPerTopic, owned);
          const revoked = revocations('cooperative', owned, next);
          const revokedKeys = new Set(
            Object.values(revoked)
              .flat()
              .map((p) => tpKey(p.topic, p.partition)),
          );
          for (const m of members) {
            const had = new Set((owned[m.id] ?? []).map((p) => tpKey(p.topic, p.partition)));
            for (const p of next[m.id]) {
              const key = tpKey(p.topic, p.partition);
              if (!had.has(key)) expect(revokedKeys.has(key)).toBe(false);
            }
          }
          owned = next;
          if (revokedKeys.size === 0) break;
        }
        expectValid(members, partitionsPerTopic, owned);
        expectBalanced(members, owned);
        if (members.every((m) => m.topics.join() === members[0].topics.join())) {
          const sizes = members.map((m) => owned[m.id].length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        }
        // Sticky: with nothing changed, the next rebalance keeps every partition where it is.
        expect(cooperativeStickyAssign(members, partitionsPerTopic, owned)).toEqual(owned);
      }),
    );
  });
});
