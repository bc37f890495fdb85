import { describe, expect, it } from 'vitest';
import { traceHash } from '../../../simulator/trace/hash.ts';
// The worker loads the serverless engine before running a scenario with a serverless side.
import '../../../simulator/serverless/engine.ts';
import { libraryScenarioModule } from '../../../scripts/vite/library-scenarios.ts';
import { library } from './library.ts';
import { runRequest } from './prepare.ts';
import { runPrepared, type PreparedScenario } from './run-prepared.ts';

describe('a library scenario prepared when the site is built', () => {
  it.each(library.map((s) => [s.id, s.text]))(
    '%s runs from its prepared form, sent as JSON, to the same trace, checks and warnings as from its text',
    (_id, text) => {
      const module = libraryScenarioModule(text);
      // Prepared means parsed and validated: the scenario object itself, not its text.
      expect((module.prepared?.scenario as { name?: unknown } | undefined)?.name).toBe(
        (JSON.parse(text) as { name: string }).name,
      );
      // What the page receives is JSON (a chunk's literal, then a message to the worker).
      const sent = JSON.parse(JSON.stringify(module.prepared)) as PreparedScenario;
      const fromText = runRequest({ scenarioText: text, seed: null, faults: [] });
      const fromPrepared = runPrepared(sent, null);
      if (!fromText.ok || !fromPrepared.ok) throw new Error('a library scenario did not run');
      expect(traceHash(fromPrepared.events)).toBe(traceHash(fromText.events));
      expect(fromPrepared.verdicts).toEqual(fromText.verdicts);
      expect(fromPrepared.warnings).toEqual(fromText.warnings);
    },
  );

  it('goes as text alone when it does not load, so the page shows the loader errors', () => {
    expect(libraryScenarioModule('{ "name": 3 }')).toEqual({ text: '{ "name": 3 }' });
  });
});
