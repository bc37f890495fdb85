import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import type { TraceEvent } from '../trace/events.ts';
import { transformedExactlyOnce } from './transformed-exactly-once.ts';

/**
 * The check of transactional clients, on the example's trace and on traces changed by hand so
 * that an output is written twice, lost, or visible while its input is not yet committed.
 */

const scenario = scenarioSchema.parse(
  JSON.parse(
    readFileSync(new URL('../scenarios/transactional-client.json', import.meta.url), 'utf8'),
  ),
);
const { events } = runScenario(scenario);

type Appended = Extract<TraceEvent, { type: 'record.appended' }>;
const outputs = events.filter(
  (e): e is Appended => e.type === 'record.appended' && e.topic === 'shipments',
);

describe('transformedExactlyOnce', () => {
  it('holds for the example, where a crash and a zombie each leave an aborted transaction', () => {
    expect(transformedExactlyOnce(events)).toEqual({ ok: true });
  });

  it('finds an output appended a second time outside any transaction', () => {
    const committed = outputs.at(-1)!;
    const end =
      Math.max(...outputs.filter((e) => e.partition === committed.partition).map((e) => e.offset)) +
      1;
    const copy: Appended = {
      ...committed,
      at: committed.at,
      offset: end,
      transactional: false,
      producerId: -1,
      producerEpoch: -1,
      sequence: -1,
    };
    const changed = [...events.slice(0, -1), copy, events.at(-1)!];
    const verdict = transformedExactlyOnce(changed);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.index).toBe(changed.length - 2);
      expect(verdict.message).toMatch(
        /^The output of record \d+ \(orders-\d offset \d+\) is visible twice in shipments/,
      );
    }
  });

  it('finds a commit past an input whose output is not visible', () => {
    const last = outputs.at(-1)!;
    const changed = events.filter((e) => e !== last);
    const verdict = transformedExactlyOnce(changed);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(changed[verdict.index].type).toBe('offset.committed');
      expect(verdict.message).toMatch(/^Group shipping committed past record \d+ .*it is lost\.$/);
    }
  });

  it('finds an output visible while its group has not committed past its input', () => {
    const commits = events.flatMap((e, i) =>
      e.type === 'offset.committed' && e.group === 'shipping' ? [i] : [],
    );
    const lastCommit = commits.at(-1);
    const changed = events.filter((_, i) => i !== lastCommit);
    const verdict = transformedExactlyOnce(changed);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok)
      expect(verdict.message).toMatch(
        /has committed only up to offset \d+: the input will be processed again/,
      );
  });
});
