import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunLimitError, runScenario } from '../scenario/run.ts';
import { scenarioSchema } from '../scenario/schema.ts';
import { runCli } from './cli.ts';
import { ExitCode } from './command.ts';
import { readInputFile } from './node-io.ts';
import { escapeControls } from './terminal-text.ts';
import { memoryIo } from './test-io.ts';

/** The command line's limits (docs/sim-command.md, "Limits") and its care for the terminal. */

const tiny = {
  name: 'tiny',
  seed: 9,
  durationMs: 2000,
  topics: [{ name: 'orders', partitions: 2 }],
  producers: [
    { id: 'p1', workload: { generators: [{ topic: 'orders', count: 50, intervalMs: 10 }] } },
  ],
  consumers: [{ id: 'c1', group: 'g', topics: ['orders'] }],
};

function sim(argv: string[], files: Record<string, string>, heapUsedBytes?: () => number) {
  const io = memoryIo(files);
  const code = runCli(argv, { ...io.io, heapUsedBytes }, { runScenario });
  return { code, out: io.out(), err: io.err() };
}

describe('the event budget and the memory guard', () => {
  it('stops a run at its event budget, in the engine, with the figures reached', () => {
    const run = () => runScenario(scenarioSchema.parse(tiny), { maxEvents: 100 });
    expect(run).toThrow(RunLimitError);
    const error = (() => {
      try {
        run();
      } catch (e) {
        return e as RunLimitError;
      }
    })()!;
    expect([error.limit, error.endMs]).toEqual(['events', 2000]);
    // It stops after the step that reached the budget (one step may add a few events).
    expect(error.events).toBeGreaterThanOrEqual(100);
    expect(error.events).toBeLessThan(110);
    expect(error.atMs).toBeLessThan(2000);
  });

  it('tells a person the budget, where the run got to, and the option that raises it (exit 5)', () => {
    const { code, out, err } = sim(['run', 't.json', '--max-events', '100'], {
      't.json': JSON.stringify(tiny),
    });
    expect(code).toBe(ExitCode.limitReached);
    expect(out).toBe('');
    expect(err).toMatch(
      /^sim: t\.json: the run reached its budget of 100 events after 10\d events, at \d+ of 2000 ms virtual time; nothing was printed\.\n/,
    );
    expect(err).toContain('or raise the limit: --max-events 1000.');
  });

  it('runs to the end under the default budget', () => {
    expect(sim(['run', 't.json'], { 't.json': JSON.stringify(tiny) }).code).toBe(ExitCode.ok);
  });

  it('stops a run whose heap passes --max-memory-mb, as the caller measures it', () => {
    let calls = 0;
    const heap = () => (++calls > 1 ? 300 * 1024 * 1024 : 0);
    const big = {
      ...tiny,
      durationMs: 60_000,
      producers: [
        { id: 'p1', workload: { generators: [{ topic: 'orders', count: 5000, intervalMs: 10 }] } },
      ],
    };
    const { code, err } = sim(
      ['run', 't.json', '--max-memory-mb', '256'],
      { 't.json': JSON.stringify(big) },
      heap,
    );
    expect(code).toBe(ExitCode.limitReached);
    expect(err).toContain('the run used more than 256 MB of memory after');
    expect(err).toContain('--max-memory-mb 512');
  });

  it('holds compare to the same budget', () => {
    const file = new URL('../scenarios/compare/page-views.json', import.meta.url);
    const text = readInputFile(file.pathname, 1 << 20);
    const { code, err } = sim(['compare', 'c.json', '--max-events', '500'], { 'c.json': text });
    expect(code).toBe(ExitCode.limitReached);
    expect(err).toContain('a run reached its budget of 500 events');
  });
});

describe('the partition limit', () => {
  const wide = (topics: number, partitions: number) =>
    JSON.stringify({
      ...tiny,
      topics: Array.from({ length: topics }, (_, i) => ({ name: `t${i}`, partitions })),
      producers: [],
      consumers: [],
    });

  it('refuses topics that declare more partitions in all than the limit, naming the total and the option (exit 5)', () => {
    const { code, out, err } = sim(['run', 'w.json'], { 'w.json': wide(20, 1000) });
    expect(code).toBe(ExitCode.limitReached);
    expect(out).toBe('');
    expect(err).toBe(
      'sim: w.json: its 20 topics declare 20000 partitions in all, over the limit of 10000; nothing was simulated.\n' +
        '  Declare fewer topics or partitions, or raise the limit: --max-partitions 20000.\n',
    );
  });

  it('runs the same file once --max-partitions raises the limit, and a file at the limit as it is', () => {
    expect(
      sim(['run', 'w.json', '--max-partitions', '20000'], { 'w.json': wide(20, 1000) }).code,
    ).toBe(ExitCode.ok);
    expect(sim(['run', 'w.json'], { 'w.json': wide(10, 1000) }).code).toBe(ExitCode.ok);
  });

  it('holds compare to the same limit', () => {
    const { code, err } = sim(['compare', 'w.json', '--max-partitions', '100'], {
      'w.json': wide(2, 51),
    });
    expect(code).toBe(ExitCode.limitReached);
    expect(err).toContain('declare 102 partitions in all, over the limit of 100');
  });
});

describe('input files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sim-limits-'));

  it('refuses a file over the size limit before reading it', () => {
    const path = join(folder, 'big.json');
    writeFileSync(path, ' '.repeat(2048));
    expect(() => readInputFile(path, 1024)).toThrow(/it is 0\.0 MB, more than the 0\.0 MB limit/);
  });

  it('refuses invalid UTF-8 and names the first bad byte, instead of replacing it silently', () => {
    const path = join(folder, 'latin1.json');
    writeFileSync(path, Buffer.from([0x7b, 0x0a, 0x22, 0x61, 0xe9, 0x22, 0x7d]));
    expect(() => readInputFile(path, 1024)).toThrow(
      'the byte at offset 4 (line 2) is not part of a character',
    );
    const fine = join(folder, 'utf8.json');
    writeFileSync(fine, '{"a":"é\ufffd"}');
    expect(readInputFile(fine, 1024)).toBe('{"a":"é\ufffd"}');
  });
});

describe('sim drive reads files as validate and run do', () => {
  const drive = readInputFile(
    new URL('../scenarios/drive/orders-payments-join.json', import.meta.url).pathname,
    1 << 20,
  );

  it('accepts a byte-order mark', () => {
    expect(sim(['drive', 'd.json'], { 'd.json': '\ufeff' + drive }).code).toBe(ExitCode.ok);
  });

  it('places its errors at a line and column, with the path', () => {
    const broken = JSON.parse(drive) as { inputs: { timestampMs: unknown }[] };
    broken.inputs[1].timestampMs = 'soon';
    const { code, err } = sim(['drive', 'd.json'], { 'd.json': JSON.stringify(broken, null, 2) });
    expect(code).toBe(ExitCode.invalidScenario);
    expect(err).toMatch(/^d\.json:\d+:\d+: error at \/inputs\/1\/timestampMs: /);
    const { err: syntax } = sim(['drive', 'd.json'], { 'd.json': '{\n  "inputs": [,]\n}' });
    expect(syntax).toMatch(/^d\.json:2:14: error: invalid JSON: /);
  });

  it('refuses more inputs than one drive file may pipe (exit 5)', () => {
    const many = {
      ...(JSON.parse(drive) as object),
      inputs: Array.from({ length: 100_001 }, () => ({})),
    };
    const { code, err } = sim(['drive', 'd.json'], { 'd.json': JSON.stringify(many) });
    expect(code).toBe(ExitCode.limitReached);
    expect(err).toContain('100001 inputs, more than the 100000 one drive file may pipe');
  });
});

describe('terminal safety', () => {
  it('shows control characters as \\xNN, keeping tabs and newlines', () => {
    expect(escapeControls('a\u001b[31mb\u0000c\u009b\td\n')).toBe('a\\x1b[31mb\\x00c\\x9b\td\n');
  });

  it('never echoes an escape sequence from a scenario to the terminal', () => {
    const evil = { ...tiny, name: 'evil\u001b]0;pwned\u0007' };
    const { code, err } = sim(['run', 'e.json'], { 'e.json': JSON.stringify(evil) });
    expect(code).toBe(ExitCode.ok);
    expect(err).toContain('evil\\x1b]0;pwned\\x07: seed 9');
    expect(err).not.toContain('\u001b');
  });
});
