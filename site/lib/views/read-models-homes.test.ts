import { describe, expect, it } from 'vitest';
import homesText from '../../../simulator/scenarios/accounts-read-model-homes.json?raw';
import { parseScenario } from '../../../simulator/scenario/load.ts';
import { runScenario } from '../../../simulator/scenario/run.ts';
import { readModelsAt, readModelsAtFromStart } from './read-models-at.ts';

const loaded = parseScenario(homesText);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const events = runScenario(loaded.scenario).events;
const firstIndex = (test: (e: (typeof events)[number]) => boolean, from = 0) =>
  events.findIndex((e, i) => i >= from && test(e));

describe('the read-models view with a Kafka Streams table', () => {
  it('labels each read model with its home', () => {
    const view = readModelsAt(events, events.length);
    const homes = Object.fromEntries(view.readModels.map((r) => [r.name, r.home]));
    expect(homes).toEqual({
      balances: 'memory',
      balanceTable: 'streamsTable',
      balanceRows: 'database',
      activity: 'memory',
    });
  });

  it("shows the table's rows and position from its changelog once restored, and its lag as it catches up", () => {
    const crash = firstIndex((e) => e.type === 'actor.crashed' && e.actor === 'tables-1');
    const down = readModelsAt(events, crash + 1).readModels.find((r) => r.name === 'balanceTable')!;
    expect(down.status).toBe('down');
    const restoring = firstIndex(
      (e) => e.type === 'task.restoring' && e.instance === 'tables-1',
      crash,
    );
    const during = readModelsAt(events, restoring + 1).readModels.find(
      (r) => r.name === 'balanceTable',
    )!;
    expect(during.status).toBe('restoring');
    expect(during.rows).toEqual([]);
    const restored = firstIndex(
      (e) => e.type === 'projection.restored' && e.rows.length > 0,
      crash,
    );
    const back = events[restored];
    if (back.type !== 'projection.restored') throw new Error('not a restore');
    const view = readModelsAt(events, restored + 1);
    const table = view.readModels.find((r) => r.name === 'balanceTable')!;
    expect(table.rows.map((r) => r.key)).toEqual(back.rows.map((r) => r.key).sort());
    const marker = view.partitions[back.partition].markers.find((m) => m.name === 'balanceTable')!;
    expect(marker.position).toBe(back.position);
    expect(table.lagRecords).toBeGreaterThan(0);
  });

  it('lists a refused interactive query with the exception Kafka Streams threw', () => {
    const refused = firstIndex((e) => e.type === 'query.answered' && e.outcome === 'unavailable');
    const q = readModelsAt(events, refused + 1).queries.at(-1)!;
    expect(q.outcome).toBe('unavailable');
    expect(q.error).toMatch(/^InvalidStateStoreException: Cannot get state store balanceTable/);
    expect(q.stale).toBe(false);
  });

  it('gives the same picture from the cache as folded from the start', () => {
    for (const at of [500, 2400, 2900, events.length])
      expect(readModelsAt(events, at)).toEqual(readModelsAtFromStart(events, at));
  });
});
