import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { ExitCode, type Engine } from './command.ts';
import { memoryIo } from './test-io.ts';

const noEngine: Engine = {
  runScenario: () => {
    throw new Error('compare runs its designs itself');
  },
};
const dualWrite = readFileSync(
  new URL('../scenarios/compare/dual-write.json', import.meta.url),
  'utf8',
);

describe('sim compare', () => {
  it('prints the designs side by side and the first violation of the naive dual write', () => {
    const io = memoryIo({ 'dual.json': dualWrite });
    expect(runCli(['compare', 'dual.json'], io.io, noEngine)).toBe(ExitCode.ok);
    const out = io.out();
    expect(out).toMatch(/^ +serverless +stream-processor +stateful-functions$/m);
    expect(out).toMatch(
      /^state lives in +external database +state stores \+ changelog topics +function state in the log$/m,
    );
    expect(out).toMatch(/^duplicates +0 +0 +0$/m);
    expect(out).toMatch(/^lost +[1-9]\d* +0 +0$/m);
    expect(out).toMatch(/^serverless: first violation at event #\d+ .*is missing/m);
  });

  it('prices every design: the table has a row per cost part and the JSON carries them', () => {
    const table = memoryIo({ 'dual.json': dualWrite });
    runCli(['compare', 'dual.json'], table.io, noEngine);
    for (const part of ['functions', 'processor', 'broker', 'database'])
      expect(table.out()).toMatch(new RegExp(`^cost ${part} USD( +\\d+\\.\\d{8}){3}$`, 'm'));
    expect(table.out()).toMatch(/^cost USD per hour( +\d+\.\d{4}){3}$/m);
    const json = memoryIo({ 'dual.json': dualWrite });
    runCli(['compare', 'dual.json', '--format', 'json'], json.io, noEngine);
    const designs = (
      JSON.parse(json.out()) as {
        designs: { costUsd: number; cost: Record<string, number> }[];
      }
    ).designs;
    const [serverless, streams] = designs;
    expect(serverless.cost.functionsUsd).toBeGreaterThan(0);
    expect(serverless.cost.processorUsd).toBe(0);
    expect(streams.cost.processorUsd).toBeGreaterThan(0);
    expect(streams.cost.functionsUsd).toBe(0);
    for (const d of designs) {
      expect(d.cost.brokerUsd).toBeGreaterThan(0);
      expect(d.costUsd).toBe(d.cost.totalUsd);
    }
  });

  it('prints the same comparison as JSON with --format json, the same every time', () => {
    const first = memoryIo({ 'dual.json': dualWrite });
    expect(runCli(['compare', 'dual.json', '--format', 'json'], first.io, noEngine)).toBe(
      ExitCode.ok,
    );
    const result = JSON.parse(first.out()) as {
      seed: number;
      designs: { name: string; lost: number; firstViolation: { index: number } | null }[];
    };
    expect(result.seed).toBe(44);
    expect(result.designs.map((d) => [d.name, d.lost > 0, d.firstViolation === null])).toEqual([
      ['serverless', true, false],
      ['stream-processor', false, true],
      ['stateful-functions', false, true],
    ]);
    const again = memoryIo({ 'dual.json': dualWrite });
    runCli(['compare', 'dual.json', '--format', 'json'], again.io, noEngine);
    expect(again.out()).toBe(first.out());
  });

  it('runs another seed with --seed', () => {
    const io = memoryIo({ 'dual.json': dualWrite });
    expect(
      runCli(['compare', 'dual.json', '--seed', '7', '--format', 'json'], io.io, noEngine),
    ).toBe(ExitCode.ok);
    expect((JSON.parse(io.out()) as { seed: number }).seed).toBe(7);
  });

  it('refuses a file without designs (exit 1) and a bad --format (exit 2)', () => {
    const plain = JSON.stringify({ name: 'p', seed: 1, durationMs: 10, topics: [{ name: 't' }] });
    const io = memoryIo({ 'plain.json': plain });
    expect(runCli(['compare', 'plain.json'], io.io, noEngine)).toBe(ExitCode.invalidScenario);
    expect(io.err()).toContain('no "designs" to compare');
    const bad = memoryIo({ 'plain.json': plain });
    expect(runCli(['compare', 'plain.json', '--format', 'xml'], bad.io, noEngine)).toBe(
      ExitCode.usage,
    );
    expect(bad.err()).toContain('--format must be table or json');
  });
});
