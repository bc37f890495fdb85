import { describe, expect, it } from 'vitest';
import rebuildText from '../../../simulator/scenarios/accounts-cqrs-rebuild.json?raw';
import { parseScenario } from '../../../simulator/scenario/load.ts';
import { runScenario } from '../../../simulator/scenario/run.ts';
import type { Scenario } from '../../../simulator/scenario/schema.ts';
import { shownViews } from './view-names.ts';
import { hasReadModels, readModelsAt, readModelsAtFromStart } from './read-models-at.ts';

function scenario(edit: (s: Scenario) => void = () => {}): Scenario {
  const loaded = parseScenario(rebuildText);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  edit(loaded.scenario);
  return loaded.scenario;
}
const events = runScenario(scenario()).events;
const indexOf = (type: string) => events.findIndex((e) => e.type === type);

describe('the read-models view', () => {
  it('is offered for a trace with read models, and only then', () => {
    expect(hasReadModels(events)).toBe(true);
    expect(shownViews(events)).toContain('readModels');
    expect(shownViews(events.filter((e) => !e.type.startsWith('projection.')))).not.toContain(
      'readModels',
    );
  });

  it("shows each read model's position as the next offset it will apply, and its lag in events", () => {
    const at = events.findIndex(
      (e) => e.type === 'projection.applied' && e.readModel === 'totals' && e.offset >= 6,
    );
    const view = readModelsAt(events, at + 1);
    const applied = events[at];
    if (applied.type !== 'projection.applied') throw new Error('not an applied event');
    const marker = view.partitions
      .find((p) => p.partition === applied.partition)!
      .markers.find((m) => m.name === 'totals')!;
    expect(marker.position).toBe(applied.offset + 1);
    const balances = view.readModels.find((r) => r.name === 'balances')!;
    const totals = view.readModels.find((r) => r.name === 'totals')!;
    expect(totals.lagRecords).toBeGreaterThan(balances.lagRecords);
    expect(totals.lagMs).toBeGreaterThan(0);
  });

  it("shows a rebuild's progress, then the switch: version 1 leaves, version 2 serves", () => {
    const during = readModelsAt(events, indexOf('projection.switched') - 2);
    const v2 = during.readModels.find((r) => r.name === 'balances@v2')!;
    expect(v2.status).toBe('rebuilding');
    expect(v2.progress).toBeGreaterThan(0);
    expect(v2.progress).toBeLessThan(1);
    expect(during.readModels.map((r) => r.name)).toContain('balances');
    const after = readModelsAt(events, indexOf('projection.switched') + 1);
    expect(after.readModels.find((r) => r.name === 'balances@v2')!.status).toBe('serving');
    expect(after.readModels.map((r) => r.name)).not.toContain('balances');
  });

  it('marks a query stale when it returned something other than the fold of the log at that moment', () => {
    const slow = runScenario(scenario((s) => (s.accounts!.readModels[0].applyMs = 40))).events;
    const view = readModelsAt(slow, slow.length);
    expect(view.staleCount).toBeGreaterThan(0);
    const stale = view.queries.filter((q) => q.stale);
    expect(stale.length).toBeGreaterThan(0);
    for (const q of stale) expect(q.returned).not.toBe(q.truth);
    for (const q of view.queries.filter((x) => !x.stale && x.outcome === 'answered'))
      expect(q.returned).toBe(q.truth);
  });

  it('gives the same picture from its cache as folded from the start, seeking back and forth', () => {
    for (const i of [events.length, 50, 2000, 900, events.length - 1, 1300]) {
      expect(readModelsAt(events, i)).toEqual(readModelsAtFromStart(events, i));
    }
  });
});
