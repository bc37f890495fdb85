import { describe, expect, it } from 'vitest';
import { layoutLog } from '../site/lib/views/log-layout.ts';
import { serverlessAt } from '../site/lib/views/serverless-at.ts';
import { scenes } from './01-a-graph-of-functions.scenes.ts';
import { copiesPerKey, expectWellFormedDeck, keysIn, ofType, sceneRuns } from './scene-runs.ts';

const { at } = sceneRuns(scenes);
const STEPS = ['orders', 'payments', 'reservations', 'shipments', 'emails'];

describe('chapter 1: a graph of functions', () => {
  it('numbers its scenes 1..n, every scene lands on an event, and free play is last', () => {
    expectWellFormedDeck(scenes, at);
  });

  it('scene 1: order-1 has gone once through all five topics, and the tables hold its rows', () => {
    const { events, checks, all, index } = at(1);
    for (const topic of STEPS) expect(copiesPerKey(events, topic).get('order-1'), topic).toBe(1);
    expect(all.filter((e) => e.type === 'record.appended' && e.topic === 'orders').length).toBe(12);
    const view = serverlessAt(all, index);
    expect(view.triggers.map((t) => t.function).sort()).toEqual(
      ['pay', 'reserveStock', 'sendEmail', 'ship'].sort(),
    );
    for (const table of ['charges', 'stock', 'parcels'])
      expect(view.tables.find((t) => t.name === table)?.rows.map((r) => r.key)).toContain(
        'order-1',
      );
    expect(checks.exactlyOnceCommitted).toBe('holdsSoFar');
    expect(checks.processedAtLeastOnce).toBe('holdsSoFar');
  });

  it('scene 2: order-10 was paid and its stock reserved, its batch given up, and the group committed past it', () => {
    const { events, checks, all } = at(2);
    const crash = ofType(events, 'function.failed').filter((e) => e.function === 'reserveStock');
    expect(crash).toHaveLength(1);
    expect(crash[0].at).toBeGreaterThan(900);
    expect(crash[0].at).toBeLessThan(950);
    const givenUp = ofType(events, 'function.sentToDestination');
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]).toMatchObject({ function: 'reserveStock', destination: null });
    expect(keysIn(events, 'payments')).toContain('order-10');
    const stock = ofType(events, 'db.written').filter((e) => e.table === 'stock');
    expect(stock.map((e) => e.key)).toContain('order-10');
    expect(events.at(-1)).toMatchObject({
      type: 'offset.committed',
      group: 'esm-reserveStock-payments',
    });
    expect(checks.processedAtLeastOnce).toBe('broken');
    for (const topic of ['reservations', 'shipments', 'emails'])
      expect(keysIn(all, topic), `${topic} at the end`).not.toContain('order-10');
  });

  it('scene 3: a crash after the emails went out retries the whole batch: two emails for order-7 and order-8', () => {
    const { events, checks } = at(3);
    expect(at(2).checks.exactlyOnceCommitted).toBe('holdsSoFar');
    const failed = ofType(events, 'function.failed').filter((e) => e.function === 'sendEmail');
    expect(failed).toHaveLength(1);
    const retried = ofType(events, 'function.retried').find((e) => e.function === 'sendEmail');
    expect(retried?.attempt).toBe(2);
    // "Just before that, at 916 ms": before the stock batch of scene 2 was given up.
    expect(failed[0].at).toBe(916);
    expect(failed[0].at).toBeLessThan(at(2).events.at(-1)!.at);
    const copies = copiesPerKey(events, 'emails');
    expect(copies.get('order-7')).toBe(2);
    expect([...copies].filter(([, n]) => n > 1).map(([k]) => k)).toEqual(['order-7']);
    expect(checks.exactlyOnceCommitted).toBe('broken');
    // By the end of the run, order-8's email was sent twice as well, and no other.
    const atEnd = [...copiesPerKey(at(3).all, 'emails')].filter(([, n]) => n > 1);
    expect(atEnd.map(([k]) => k).sort()).toEqual(['order-7', 'order-8']);
  });

  it("scene 4: send-email-1 crashed with order-4's email in an open transaction that mailer does not read", () => {
    const { events, state, checks } = at(4);
    expect(events.at(-1)).toMatchObject({ type: 'actor.crashed', actor: 'send-email-1', at: 575 });
    const emails = layoutLog(state, { width: 900 }).lanes.find((l) => l.topic === 'emails')!;
    const open = emails.rows.flatMap((r) => r.cells).filter((c) => c.status === 'open');
    expect(open).toHaveLength(1);
    const order4 = ofType(events, 'record.appended').find(
      (e) => e.topic === 'emails' && e.offset === open[0].offset,
    );
    expect(order4?.record.key).toBe('order-4');
    const mailerRead = ofType(events, 'records.fetched')
      .filter((e) => e.consumer === 'mailer')
      .flatMap((e) => e.recordIds);
    expect(mailerRead).not.toContain(order4!.record.id);
    expect(
      ofType(events, 'records.fetched').every(
        (e) => e.consumer !== 'mailer' || e.isolation === 'read_committed',
      ),
    ).toBe(true);
    expect(checks.exactlyOnceCommitted).toBe('holds');
  });

  it('scene 5: every order reached emails; mailer read each once; exactly once and nothing lost hold', () => {
    const { events, state, checks } = at(5);
    const byId = new Map(ofType(events, 'record.appended').map((e) => [e.record.id, e]));
    const read = ofType(events, 'records.processed')
      .filter((e) => e.group === 'mailer')
      .flatMap((e) => e.recordIds)
      .map((id) => byId.get(id)!.record.key);
    expect([...read].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `order-${i + 1}`).sort());
    // The crashed instances' first transactional ids: their restarts had new ones, and the
    // transaction timeout aborted what each had left open.
    const firstIds = ['reserve-stock-1', 'send-email-1'].map(
      (instance) =>
        ofType(events, 'producer.initialized').find((e) => e.producer === instance)!
          .transactionalId,
    );
    expect(
      ofType(events, 'txn.aborted')
        .map((e) => [e.transactionalId, e.reason])
        .sort(),
    ).toEqual(firstIds.map((id) => [id, 'timeout']).sort());
    // Scene 4 says the restarts had new ids and the timeouts fired at about 1.56 s.
    const restartIds = ['reserve-stock-1', 'send-email-1'].map(
      (instance) =>
        ofType(events, 'producer.initialized').filter((e) => e.producer === instance)[1]
          ?.transactionalId,
    );
    for (const [i, id] of restartIds.entries()) expect(id).not.toBe(firstIds[i]);
    for (const abort of ofType(events, 'txn.aborted')) expect(Math.round(abort.at / 100)).toBe(16);
    const cells = layoutLog(state, { width: 900 })
      .lanes.find((l) => l.topic === 'emails')!
      .rows.flatMap((r) => r.cells);
    expect(cells.some((c) => c.status === 'aborted')).toBe(true);
    expect(checks.exactlyOnceCommitted).toBe('holds');
    expect(checks.processedAtLeastOnce).toBe('holds');
  });
});
