import { describe, expect, it } from 'vitest';
import { designCost } from '../simulator/compare/index.ts';
import { StoreQueries } from '../simulator/runtime/interactive-query.ts';
import { parseScenario } from '../simulator/scenario/load.ts';
import type { TraceEvent } from '../simulator/trace/events.ts';
import { libraryScenario } from '../site/lib/sim/library.ts';
import { scenes } from './08-stream-processor-as-database.scenes.ts';
import { ofType, sceneRuns } from './scene-runs.ts';

const { at, runOf } = sceneRuns(scenes);

type Notification = Record<string, unknown>;
const notifications = (events: readonly TraceEvent[]) =>
  ofType(events, 'record.appended')
    .filter((e) => e.topic === 'notifications')
    .map((e) => ({ key: e.record.key, value: e.record.value as Notification, at: e.at }));

describe('chapter 8: the stream processor as a database', () => {
  it('numbers its scenes 1..n, every scene lands on an event, and free play is last', () => {
    expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
    for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
    expect(scenes.at(-1)).toMatchObject({ title: 'Free play', position: { start: true } });
  });

  it("scene 1: o1's payment makes the notifier read the order, the customer, the payment and the shipment, then notify", () => {
    const { events } = at(1);
    const [first] = notifications(events);
    expect(first.key).toBe('o1');
    expect(first.value).toEqual({
      order: { order: 'o1', customer: 'c1', item: 'lamp' },
      customer: { name: 'Ada' },
      payment: { paid: 30 },
      shipment: null,
    });
    const reads = ofType(events, 'db.read').filter((e) => e.invocationId?.startsWith('notify'));
    expect(reads.slice(0, 4).map((e) => `${e.table}/${e.key}`)).toEqual([
      'orders/o1',
      'customers/c1',
      'payments/o1',
      'shipments/o1',
    ]);
    const functions = new Set(ofType(events, 'function.invoked').map((e) => e.function));
    expect([...functions].sort()).toEqual([
      'keepCustomers',
      'keepOrders',
      'keepPayments',
      'notify',
    ]);
  });

  it("scene 2: o1's shipped notification finds no shipment: the notifier read the table before keepShipments wrote it", () => {
    const { events, all } = at(2);
    const shipped = notifications(events)
      .filter((n) => n.key === 'o1')
      .at(-1)!;
    expect(shipped.value.shipment).toBeNull();
    const read = ofType(events, 'db.read').filter((e) => e.table === 'shipments' && e.key === 'o1');
    expect(read.at(-1)?.found).toBe(false);
    const written = ofType(all, 'db.written').find(
      (e) => e.table === 'shipments' && e.key === 'o1',
    )!;
    expect(written.at).toBeGreaterThan(read.at(-1)!.at);
    // o1 was shipped at 500 ms; its notification went out without it.
    const shipment = ofType(all, 'record.appended').find(
      (e) => e.topic === 'shipments' && e.record.key === 'o1',
    )!;
    expect(shipment.record.value).toEqual({ carrier: 'DHL' });
    const o2 = notifications(all)
      .filter((n) => n.key === 'o2')
      .at(-1)!;
    expect(o2.value.shipment).toBeNull();
  });

  it('scene 3: status-1 crashed; status-2 took its task over and restored the customers it had stored from the changelog', () => {
    const { events } = at(3);
    expect(ofType(events, 'actor.crashed')).toMatchObject([{ actor: 'status-1', at: 120 }]);
    const restored = events.at(-1)!;
    expect(restored).toMatchObject({
      type: 'task.restored',
      instance: 'status-2',
      task: '0_0',
      records: 2,
    });
    const changelog = ofType(events, 'record.appended').filter((e) =>
      e.topic.endsWith('customers-store-changelog'),
    );
    expect(changelog.map((e) => e.record.key).sort()).toEqual(['c1', 'c2']);
    expect(notifications(events)).toEqual([]);
  });

  it("scene 4: the first record of order-status carries the order, the customer's name, the payment and the shipment", () => {
    const { events } = at(4);
    const record = ofType(events, 'record.appended').at(-1)!;
    expect(record.topic).toBe('order-status');
    expect(record.record.key).toBe('o1');
    expect(record.record.value).toEqual({
      order: 'o1',
      customer: 'c1',
      item: 'lamp',
      name: 'Ada',
      paid: 30,
      carrier: 'DHL',
    });
    expect(record.producer).toBe('status-2');
    expect(record.transactional).toBe(true);
  });

  it('scene 5: the notifier cold-starts for the first batch, reads nothing, and forwards each order-status record; an interactive query reads the same store', () => {
    const { events, all } = at(5);
    expect(ofType(events, 'function.coldStarted')).toMatchObject([{ function: 'notify' }]);
    expect(ofType(all, 'db.read')).toEqual([]);
    const status = ofType(all, 'record.appended').filter((e) => e.topic === 'order-status');
    const sent = notifications(all);
    expect(sent.map((n) => [n.key, n.value])).toEqual(
      status.map((e) => [e.record.key, e.record.value]),
    );
    expect(sent.map((n) => n.key).sort()).toEqual(['o1', 'o2', 'o3']);
    const answer = new StoreQueries(all).query('orders-store', 'o3', all.at(-1)!.at);
    expect(answer).toMatchObject({
      found: true,
      instance: 'status-2',
      value: { name: 'Alan', item: 'chair' },
    });
  });

  it('the numbers: four reads per status event against none; two instances paid by the hour', () => {
    const price = (id: string) => {
      const parsed = parseScenario(libraryScenario(id)!.text);
      if (!parsed.ok) throw new Error(id);
      return designCost(parsed.scenario, runOf(id).events);
    };
    const fn = runOf('order-status-functions').events;
    const statusEvents = ofType(fn, 'record.appended').filter(
      (e) => e.topic === 'payments' || e.topic === 'shipments',
    );
    const notifierReads = ofType(fn, 'db.read').filter((e) => e.invocationId?.startsWith('notify'));
    expect(notifierReads).toHaveLength(4 * statusEvents.length);
    const functionsCost = price('order-status-functions');
    const derivedCost = price('order-status-derived');
    expect(functionsCost.databaseUsd).toBeGreaterThan(0);
    expect(functionsCost.processorUsd).toBe(0);
    expect(derivedCost.databaseUsd).toBe(0);
    expect(derivedCost.processorUsd).toBeGreaterThan(0);
    expect(derivedCost.usdPerHour).toBeGreaterThan(functionsCost.usdPerHour);
  });
});
