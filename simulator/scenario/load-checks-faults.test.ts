import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';

const pageViews = JSON.parse(
  readFileSync(new URL('../scenarios/compare/page-views.json', import.meta.url), 'utf8'),
) as { faults: unknown[] };

function problems(input: unknown): string[] {
  const result = parseScenario(JSON.stringify(input, null, 2));
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('faults of a scenario with designs', () => {
  it('accepts faults that each name actors of one design, or shared ones', () => {
    const faults = [
      ...pageViews.faults,
      { at: 700, kind: 'partition', between: ['counter-2', 'broker'], durationMs: 50 },
    ];
    expect(problems({ ...pageViews, faults })).toEqual([]);
  });

  it('refuses a fault between actors that no single design has together: it would never fire', () => {
    const faults = [{ at: 700, kind: 'partition', between: ['counter-2', 'fn-1'], durationMs: 50 }];
    expect(problems({ ...pageViews, faults })).toEqual([
      '/faults/0/between: no single design has every actor this fault names, so it would never fire ("counter-2" is in design stream-processor; "fn-1" is in design stateful-functions)',
    ]);
  });
});
