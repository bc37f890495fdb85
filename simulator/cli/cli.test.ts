import { describe, expect, it } from 'vitest';
import type { RunOptions, RunResult } from '../scenario/run.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TraceEvent } from '../trace/events.ts';
import { formatEventLine } from '../trace/format.ts';
import { commands, runCli } from './cli.ts';
import { ExitCode, type Command, type Engine } from './command.ts';
import { memoryIo } from './test-io.ts';

const valid = JSON.stringify({
  name: 'tiny',
  seed: 9,
  durationMs: 100,
  topics: [{ name: 'orders', partitions: 2 }],
  producers: [{ id: 'p1' }],
  consumers: [{ id: 'c1', group: 'g', topics: ['orders'] }],
  faults: [{ at: 50, kind: 'crash', target: 'p1' }],
});

const invalid =
  '{\n  "name": "bad",\n  "seed": 1,\n  "durationMs": 10,\n  "topics": [{"name": "t"}],\n  "faults": [{"at": -5, "kind": "crash", "target": "ghost"}]\n}';

const events: TraceEvent[] = [
  { type: 'sim.started', at: 0, seed: 9, scenario: 'tiny' },
  { type: 'actor.started', at: 0, actor: 'broker', kind: 'broker' },
  { type: 'sim.ended', at: 100, reason: 'duration' },
];

/** A stand-in engine that records how it was called and returns a fixed result. */
function fakeEngine(behaviour: (options: RunOptions) => void = () => {}) {
  const calls: { scenario: Scenario; options: RunOptions }[] = [];
  const engine: Engine = {
    runScenario(scenario, options = {}) {
      calls.push({ scenario, options });
      behaviour(options);
      const result: RunResult = {
        scenario,
        seed: options.seed ?? scenario.seed,
        traceHash: '0123456789abcdef',
        events,
        partitions: [] as unknown as RunResult['partitions'],
        readCommitted: {},
        metrics: { events: events.length },
      };
      return result;
    },
  };
  return { engine, calls };
}

function sim(
  argv: string[],
  options: { files?: Record<string, string>; tty?: boolean; engine?: Engine } = {},
) {
  const io = memoryIo(
    { 'tiny.json': valid, 'bad.json': invalid, ...options.files },
    {
      stderrIsTTY: options.tty,
      directories: ['scenarios'],
    },
  );
  const fake = fakeEngine();
  const code = runCli(argv, io.io, options.engine ?? fake.engine);
  return { code, out: io.out(), err: io.err(), written: io.written, calls: fake.calls };
}

describe('sim: the command line', () => {
  it('prints the general help, with the commands and exit codes, on --help', () => {
    const { code, out } = sim(['--help']);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/^Usage: npm run sim -- <command>/);
    expect(out).toMatch(/\n {2}run {7}simulate a scenario/);
    expect(out).toContain('  validate  check a scenario file');
    expect(out).toContain('4  the simulation failed');
  });

  it('prints a command its own help with --help or through help COMMAND', () => {
    const viaFlag = sim(['run', '--help']);
    const viaHelp = sim(['help', 'run']);
    expect(viaFlag.code).toBe(ExitCode.ok);
    expect(viaFlag.out).toMatch(/^Usage: npm run sim -- run FILE \[--design NAME\] \[--seed N\]/);
    expect(viaFlag.out).toContain('--format log|json');
    expect(viaHelp.out).toBe(viaFlag.out);
    expect(sim(['validate', '-h']).out).toMatch(/^Usage: npm run sim -- validate FILE\n/);
  });

  it('treats no command, an unknown command and an unknown option as usage errors (exit 2)', () => {
    expect(sim([]).code).toBe(ExitCode.usage);
    const unknown = sim(['steer', 'tiny.json']);
    expect([unknown.code, unknown.out]).toEqual([ExitCode.usage, '']);
    expect(unknown.err).toContain('sim: unknown command "steer"');
    const option = sim(['run', 'tiny.json', '--sede', '3']);
    expect(option.code).toBe(ExitCode.usage);
    expect(option.err).toContain(
      "sim run: Unknown option '--sede'\nUsage: npm run sim -- run FILE",
    );
    expect(sim(['help', 'nope']).code).toBe(ExitCode.usage);
  });

  it('refuses a missing or an extra argument', () => {
    expect(sim(['run']).err).toContain('sim run: missing FILE');
    expect(sim(['validate', 'a.json', 'b.json']).err).toContain('unexpected argument "b.json"');
    expect(sim(['run']).code).toBe(ExitCode.usage);
  });

  it('refuses bad option values before simulating anything', () => {
    for (const argv of [
      ['run', 'tiny.json', '--seed', '-1'],
      ['run', 'tiny.json', '--seed', '4294967296'],
      ['run', 'tiny.json', '--until', '1.5'],
      ['run', 'tiny.json', '--format', 'xml'],
    ]) {
      const result = sim(argv);
      expect(result.code, argv.join(' ')).toBe(ExitCode.usage);
      expect(result.calls).toHaveLength(0);
    }
    expect(sim(['run', 'tiny.json', '--format', 'xml']).err).toContain(
      '--format expects log or json, got "xml"',
    );
  });

  it('exits 3 when the file cannot be read', () => {
    const missing = sim(['run', 'nope.json']);
    expect(missing.code).toBe(ExitCode.fileError);
    expect(missing.err).toBe('sim: cannot read nope.json: no such file or directory\n');
    expect(sim(['validate', 'scenarios']).err).toContain('it is a directory');
  });

  it('prints every error of an invalid scenario with its place and simulates nothing (exit 1)', () => {
    const result = sim(['run', 'bad.json']);
    expect(result.code).toBe(ExitCode.invalidScenario);
    expect(result.calls).toHaveLength(0);
    expect(result.out).toBe('');
    expect(result.err).toBe(
      'bad.json:6:21: error at /faults/0/at: expected a non-negative integer (virtual ms), got -5\n' +
        'bad.json:6:52: error at /faults/0/target: unknown actor "ghost" (declared: broker)\n' +
        'bad.json: 2 errors; nothing was simulated.\n',
    );
  });

  it('validates a scenario and summarises it', () => {
    const result = sim(['validate', 'tiny.json']);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out).toBe(
      [
        'ok: tiny',
        '  duration: 100 ms virtual time, seed 9',
        '  topics:   1: orders (2 partitions)',
        '  actors:   3: broker, p1 (producer), c1 (consumer in g)',
        '  faults:   1: crash p1 at 50 ms',
        '',
      ].join('\n'),
    );
    expect(sim(['validate', 'bad.json']).code).toBe(ExitCode.invalidScenario);
  });

  it('prints warnings on stderr without failing', () => {
    const late = JSON.stringify({
      ...JSON.parse(valid),
      consumers: [{ id: 'c1', group: 'g', topics: ['orders'], startAtMs: 500 }],
    });
    const result = sim(['validate', 'late.json'], { files: { 'late.json': late } });
    expect(result.code).toBe(ExitCode.ok);
    expect(result.err).toMatch(
      /^late\.json:1:\d+: warning at \/consumers\/0\/startAtMs: the consumer starts at 500 ms/,
    );
  });
});

describe('sim run', () => {
  it('runs the scenario with the seed and end time given and prints one log line per event', () => {
    const result = sim(['run', 'tiny.json', '--seed', '42', '--until', '60']);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.calls[0].options).toMatchObject({ seed: 42, untilMs: 60 });
    expect(result.calls[0].scenario.name).toBe('tiny');
    expect(result.out).toBe(events.map((e, i) => formatEventLine(e, i) + '\n').join(''));
    expect(result.err).toBe(
      'tiny: seed 42, 100 ms virtual time, 3 events, trace hash 0123456789abcdef\n',
    );
  });

  it("uses the scenario's own seed when none is given", () => {
    expect(sim(['run', 'tiny.json']).calls[0].options.seed).toBe(9);
  });

  it('prints the result as deterministic JSON with the trace, one event per line', () => {
    const first = sim(['run', 'tiny.json', '--format', 'json']);
    const second = sim(['run', 'tiny.json', '--format', 'json']);
    expect(first.code).toBe(ExitCode.ok);
    expect(first.out).toBe(second.out);
    const parsed = JSON.parse(first.out);
    expect(parsed).toMatchObject({
      format: 'streamworks.run-result',
      version: 1,
      seed: 9,
      traceHash: '0123456789abcdef',
    });
    expect(parsed.events).toEqual(events);
    expect(first.out).toContain(`\n    ${JSON.stringify(events[1])},\n`);
    expect(first.out).not.toContain('tiny.json');
  });

  it('writes to --out instead of stdout', () => {
    const result = sim(['run', 'tiny.json', '--out', 'trace.log']);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out).toBe('');
    expect(result.written['trace.log']).toBe(
      events.map((e, i) => formatEventLine(e, i) + '\n').join(''),
    );
    expect(result.err).toContain(', written to trace.log');
  });

  it('exits 3 when --out cannot be written', () => {
    const result = sim(['run', 'tiny.json', '--out', '/read-only/trace.log']);
    expect(result.code).toBe(ExitCode.fileError);
    expect(result.err).toContain('sim: cannot write /read-only/trace.log: permission denied');
  });

  it('reports an exception inside the engine as a bug with the seed to replay it (exit 4)', () => {
    const { engine } = fakeEngine(() => {
      throw new TypeError('partition is undefined');
    });
    const result = sim(['run', 'tiny.json', '--seed', '5', '--until', '70'], { engine });
    expect(result.code).toBe(ExitCode.simulationFailed);
    expect(result.out).toBe('');
    expect(result.err).toContain('sim: the simulation of "tiny" failed with seed 5.');
    expect(result.err).toContain('bug in the Streamworks simulator');
    expect(result.err).toContain('replay:   npm run sim -- run tiny.json --seed 5 --until 70');
    expect(result.err).toContain('TypeError: partition is undefined');
  });

  it('shows progress on stderr only when stderr is a terminal, and clears it', () => {
    const ticking = (options: RunOptions) => {
      for (const at of [25, 50, 50, 100]) options.onProgress?.(at, 100);
    };
    const tty = sim(['run', 'tiny.json'], { tty: true, engine: fakeEngine(ticking).engine });
    expect(tty.err).toMatch(
      /^\rsimulating: 25 \/ 100 ms virtual time \(25%\)\rsimulating: 50 \/ 100/,
    );
    expect(tty.err.match(/simulating/g)).toHaveLength(3);
    expect(tty.err).toContain('\r\x1b[K');
    const piped = sim(['run', 'tiny.json'], { tty: false });
    expect(piped.calls[0].options.onProgress).toBeUndefined();
    expect(piped.err).not.toContain('simulating');
  });
});

describe('the command table', () => {
  it('takes a new command as one entry, with its options parsed strictly', () => {
    const seen: unknown[] = [];
    const drive: Command = {
      name: 'step',
      summary: 'step through a scenario',
      usage: 'step FILE [--speed N]',
      help: 'Steps through a scenario.',
      options: { speed: { type: 'string' } },
      positionals: ['FILE'],
      run: ({ values, args }) => {
        seen.push(values.speed, args);
        return ExitCode.ok;
      },
    };
    const io = memoryIo();
    const table = [...commands, drive];
    expect(runCli(['step', 'x.json', '--speed', '2'], io.io, fakeEngine().engine, table)).toBe(
      ExitCode.ok,
    );
    expect(seen).toEqual(['2', ['x.json']]);
    runCli(['--help'], io.io, fakeEngine().engine, table);
    expect(io.out()).toContain('  step      step through a scenario');
  });
});
