import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { ExitCode, type Engine } from './command.ts';
import { memoryIo } from './test-io.ts';

const noEngine: Engine = {
  runScenario: () => {
    throw new Error('drive never runs the simulated broker');
  },
};
const example = readFileSync(
  new URL('../scenarios/drive/orders-payments-join.json', import.meta.url),
  'utf8',
);

describe('sim drive', () => {
  it('prints the ordered outputs of the example join: pairs within the window, none for the late payment', () => {
    const io = memoryIo({ 'join.json': example });
    expect(runCli(['drive', 'join.json'], io.io, noEngine)).toBe(ExitCode.ok);
    const result = JSON.parse(io.out()) as { outputs: Record<string, { key: string }[]> };
    expect(result.outputs['paid-orders'].map((r) => r.key)).toEqual(['o1', 'o2']);
  });

  it('writes the same JSON to --out', () => {
    const io = memoryIo({ 'join.json': example });
    runCli(['drive', 'join.json'], io.io, noEngine);
    const printed = io.out();
    const toFile = memoryIo({ 'join.json': example });
    expect(runCli(['drive', 'join.json', '--out', 'out.json'], toFile.io, noEngine)).toBe(
      ExitCode.ok,
    );
    expect(toFile.written['out.json']).toBe(printed);
  });

  it('names the bad field of a broken drive file and simulates nothing (exit 1)', () => {
    const broken = JSON.stringify({ topology: { operators: [{ op: 'stream' }] }, inputs: [] });
    const io = memoryIo({ 'bad.json': broken });
    expect(runCli(['drive', 'bad.json'], io.io, noEngine)).toBe(ExitCode.invalidScenario);
    expect(io.err()).toMatch(/^bad\.json:1:27: error at \/topology\/operators\/0\/topics: /);
  });

  it('reports malformed JSON and a missing file with their own exit codes', () => {
    const io = memoryIo({ 'x.json': '{ "topology": ' });
    expect(runCli(['drive', 'x.json'], io.io, noEngine)).toBe(ExitCode.invalidScenario);
    expect(io.err()).toBe(
      'x.json:1:15: error: invalid JSON: unexpected end of file: expected a value\n',
    );
    expect(runCli(['drive', 'missing.json'], memoryIo().io, noEngine)).toBe(ExitCode.fileError);
  });
});
