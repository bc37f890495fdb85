import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import { formatEventLine } from '../trace/format.ts';
import { exampleScenarios } from './run-scenarios.ts';

/**
 * Golden logs of the example scenarios. Each golden file holds the hash of the whole trace and the
 * event log without the network's chatter (every message sent, every high-watermark step), so it
 * stays short enough to read in review. A changed trace is written beside the golden file as
 * `<name>.actual.log` and the test fails: accepting it is a deliberate step,
 * `UPDATE_GOLDEN=1 npx vitest run simulator/test/golden.test.ts`, reviewed in the diff.
 */
const folder = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const CHATTER = new Set(['message.sent', 'partition.highWatermark']);

function goldenText(name: string): string {
  const { scenario } = exampleScenarios().find((s) => s.name === name)!;
  const result = runScenario(scenario);
  const lines = [
    `# ${name}  seed=${result.seed}  traceHash=${result.traceHash}  events=${result.events.length}`,
  ];
  result.events.forEach((event, index) => {
    if (!CHATTER.has(event.type)) lines.push(formatEventLine(event, index));
  });
  return lines.join('\n') + '\n';
}

describe('golden logs', () => {
  for (const { name } of exampleScenarios()) {
    it(`${name} still produces its golden log`, () => {
      const goldenPath = join(folder, `${name}.log`);
      const actual = goldenText(name);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
        writeFileSync(goldenPath, actual);
        if (process.env.UPDATE_GOLDEN !== '1') {
          throw new Error(`No golden log for ${name}: wrote ${goldenPath}; review and commit it.`);
        }
        return;
      }
      const expected = readFileSync(goldenPath, 'utf8');
      if (actual !== expected) {
        const actualPath = join(folder, `${name}.actual.log`);
        writeFileSync(actualPath, actual);
        expect.fail(
          `The trace of ${name} changed. Compare ${goldenPath} with ${actualPath}; if the change is ` +
            'intended, accept it with UPDATE_GOLDEN=1 npx vitest run simulator/test/golden.test.ts',
        );
      }
    });
  }
});
