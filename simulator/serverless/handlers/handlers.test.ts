import { describe, expect, it } from 'vitest';
import { scenarioWith, serverlessWorld } from '../test-helpers.ts';
import { createHandler, handlerLibrary } from './index.ts';
import { HANDLER_NAMES } from './names.ts';

/** The built-in handlers, each doing its job in a small run. */

type Sent = { atMs: number; topic: string; key: string | null; value: unknown };

const values = (run: ReturnType<typeof serverlessWorld>, topic: string) =>
  run.logEvents('record.appended').filter((e) => e.topic === topic);

describe('joinOrdersWithPaymentsViaDb', () => {
  it('emits each order with its payment, whichever comes first, and lets an unmatched side expire', () => {
    const records: Sent[] = [
      { atMs: 10, topic: 'orders', key: 'o1', value: { total: 5 } },
      { atMs: 20, topic: 'payments', key: 'o2', value: { paid: 7 } },
      { atMs: 300, topic: 'payments', key: 'o1', value: { paid: 5 } },
      { atMs: 400, topic: 'orders', key: 'o2', value: { total: 7 } },
      { atMs: 30, topic: 'orders', key: 'o3', value: { total: 9 } },
    ];
    const run = serverlessWorld({
      scenario: scenarioWith(
        [{ name: 'orders' }, { name: 'payments' }, { name: 'orders-with-payments' }],
        records,
      ),
      serverless: {
        database: { tables: [{ name: 'joinBuffer', ttlAttribute: 'expiresAtMs' }] },
        functions: [
          { name: 'join', handler: 'joinOrdersWithPaymentsViaDb', handlerOptions: { ttlMs: 1500 } },
        ],
        triggers: [
          { function: 'join', topic: 'orders', maximumBatchingWindowMs: 0 },
          { function: 'join', topic: 'payments', maximumBatchingWindowMs: 0 },
        ],
      },
    });
    run.runUntil(5000);
    const joined = values(run, 'orders-with-payments').map((e) => e.record.value);
    expect(joined).toEqual([
      { orderId: 'o1', order: { total: 5 }, payment: { paid: 5 } },
      { orderId: 'o2', order: { total: 7 }, payment: { paid: 7 } },
    ]);
    expect(run.events('db.itemExpired').map((e) => e.key)).toEqual(['o3', 'o1', 'o2']);
  });
});

describe('enrichClickWithProfile', () => {
  it('emits each click with the profile stored for its user, or none', () => {
    const run = serverlessWorld({
      scenario: scenarioWith(
        [{ name: 'profiles' }, { name: 'clicks' }, { name: 'enriched-clicks' }],
        [
          { atMs: 10, topic: 'profiles', key: 'u1', value: { name: 'Ann' } },
          { atMs: 800, topic: 'clicks', key: 'u1', value: { page: '/a' } },
          { atMs: 800, topic: 'clicks', key: 'u2', value: { page: '/b' } },
        ],
      ),
      serverless: {
        database: { tables: [{ name: 'userProfiles' }] },
        functions: [
          { name: 'profiles', handler: 'upsertProfile' },
          { name: 'enrich', handler: 'enrichClickWithProfile' },
        ],
        triggers: [
          { function: 'profiles', topic: 'profiles', maximumBatchingWindowMs: 0 },
          { function: 'enrich', topic: 'clicks', maximumBatchingWindowMs: 0 },
        ],
      },
    });
    run.runUntil(3000);
    expect(values(run, 'enriched-clicks').map((e) => [e.record.key, e.record.value])).toEqual([
      ['u1', { click: { page: '/a' }, profile: { name: 'Ann' } }],
      ['u2', { click: { page: '/b' }, profile: null }],
    ]);
  });
});

describe('the dual write', () => {
  const commands: Sent[] = [
    { atMs: 10, topic: 'commands', key: 'order-1', value: 'paid' },
    { atMs: 20, topic: 'commands', key: 'order-2', value: 'paid' },
  ];
  function dualWrite(handler: 'dualWriteNaive' | 'dualWriteOutbox', faults: unknown[]) {
    const run = serverlessWorld({
      scenario: scenarioWith([{ name: 'commands' }, { name: 'entity-events' }], commands),
      serverless: {
        database: { tables: [{ name: 'entities' }, { name: 'outbox' }] },
        functions: [
          { name: 'writer', handler },
          { name: 'relay', handler: 'drainOutbox', reservedConcurrency: 1 },
        ],
        triggers: [
          {
            function: 'writer',
            topic: 'commands',
            batchSize: 1,
            maximumBatchingWindowMs: 0,
            maximumRetryAttempts: 0,
          },
        ],
        schedules: handler === 'dualWriteOutbox' ? [{ function: 'relay', rateMs: 250 }] : [],
      },
      faults,
    });
    run.runUntil(5000);
    return run;
  }
  const crashAfterWrite = [
    { at: 0, kind: 'invocationCrash', target: 'writer', point: 'afterDbWriteBeforeEmit' },
  ];

  it('naively loses the event of a row it wrote when the invocation crashes between them and is not retried', () => {
    const run = dualWrite('dualWriteNaive', crashAfterWrite);
    expect(run.handles.database.store.dump('entities').map((r) => r.key)).toEqual([
      'order-1',
      'order-2',
    ]);
    expect(values(run, 'entity-events').map((e) => e.record.key)).toEqual(['order-2']);
  });

  it('with an outbox, publishes every row change once the relay drains it, despite the same crash', () => {
    const run = dualWrite('dualWriteOutbox', crashAfterWrite);
    const events = values(run, 'entity-events');
    expect(events.map((e) => e.record.value)).toEqual([
      { key: 'order-1', state: 'paid' },
      { key: 'order-2', state: 'paid' },
    ]);
    const sourceIds = values(run, 'commands').map((e) => e.record.id);
    expect(events.map((e) => e.record.id)).toEqual(sourceIds);
    expect(run.handles.database.store.dump('outbox')).toEqual([]);
  });

  it('with an outbox, publishes an entry again when the relay crashes between emitting and deleting it', () => {
    const run = dualWrite('dualWriteOutbox', [
      { at: 0, kind: 'invocationCrash', target: 'relay', point: 'beforeDbWrite' },
    ]);
    const keys = values(run, 'entity-events').map((e) => e.record.key);
    expect(new Set(keys)).toEqual(new Set(['order-1', 'order-2']));
    expect(keys.length).toBeGreaterThan(2);
  });
});

describe('the library', () => {
  it('names the handlers it has when asked for one it does not', () => {
    expect(() => createHandler('countPageViewsFast')).toThrow(
      /Unknown handler "countPageViewsFast".*countPageViewsNaive/,
    );
  });

  it('says which option has the wrong type', () => {
    expect(() => createHandler('countPageViewsNaive', { table: 3 })).toThrow(
      /option "table" must be a string/,
    );
  });
});

describe('countPageViewsIdempotent', () => {
  function countOneView(faultAtMs: number | null) {
    const run = serverlessWorld({
      scenario: scenarioWith(
        [{ name: 'views' }],
        [{ atMs: 10, topic: 'views', key: 'ann', value: 'view' }],
      ),
      serverless: {
        database: { tables: [{ name: 'pageViewCounts' }, { name: 'processedEvents' }] },
        functions: [
          {
            name: 'counter',
            handler: 'countPageViewsIdempotent',
            dbClient: { requestTimeoutMs: 100 },
          },
        ],
        triggers: [{ function: 'counter', topic: 'views', maximumBatchingWindowMs: 0 }],
      },
      faults: faultAtMs === null ? [] : [{ at: faultAtMs, kind: 'dbLostReply', target: 'db' }],
    });
    run.runUntil(3000);
    return run;
  }

  it('still adds twice when the client retries an increment whose reply was lost', () => {
    // Find when the increment is on its way: after the id's conditional put came back.
    const [put, increment] = countOneView(null).events('db.written');
    expect([put.table, increment.table]).toEqual(['processedEvents', 'pageViewCounts']);
    const run = countOneView(increment.at);
    expect(run.handles.database.store.peek('pageViewCounts', 'ann')?.count).toBe(2);
    expect(run.events('function.failed')).toEqual([]);
  });
});

describe('the handler names the scenario checks know', () => {
  it('are exactly the names of the handler library', () => {
    expect([...HANDLER_NAMES].sort()).toEqual(Object.keys(handlerLibrary).sort());
  });
});

describe('flowStep', () => {
  it('notes each record as a row and passes it on with the same key, value and id; a retried batch sends again', () => {
    const run = serverlessWorld({
      scenario: scenarioWith(
        [{ name: 'orders' }, { name: 'payments' }],
        [
          { atMs: 10, topic: 'orders', key: 'order-1', value: 30 },
          { atMs: 20, topic: 'orders', key: 'order-2', value: 12 },
        ],
      ),
      serverless: {
        database: { tables: [{ name: 'charges' }] },
        functions: [
          {
            name: 'pay',
            handler: 'flowStep',
            handlerOptions: { table: 'charges', outputTopic: 'payments' },
          },
        ],
        triggers: [{ function: 'pay', topic: 'orders', maximumBatchingWindowMs: 50 }],
      },
      faults: [{ at: 0, kind: 'invocationCrash', target: 'pay', point: 'afterEmitBeforeSuccess' }],
    });
    run.runUntil(3000);
    const orders = values(run, 'orders');
    const passedOn = values(run, 'payments');
    expect(passedOn.map((e) => [e.record.key, e.record.value])).toEqual([
      ['order-1', 30],
      ['order-2', 12],
      ['order-1', 30],
      ['order-2', 12],
    ]);
    expect(new Set(passedOn.map((e) => e.record.id))).toEqual(
      new Set(orders.map((e) => e.record.id)),
    );
    expect(run.events('db.written').map((e) => [e.table, e.key, e.item])).toContainEqual([
      'charges',
      'order-2',
      { value: 12, version: 2 },
    ]);
  });
});
