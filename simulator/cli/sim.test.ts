import { describe, expect, it } from 'vitest';
import { ExitCode } from './command.ts';
import { main } from './sim.ts';
import { memoryIo } from './test-io.ts';

/** A small scenario the real engine runs in a few milliseconds. */
const scenario = JSON.stringify({
  name: 'cli-smoke',
  seed: 11,
  durationMs: 300,
  topics: [{ name: 'orders', partitions: 2 }],
  producers: [
    {
      id: 'p1',
      workload: { generators: [{ topic: 'orders', count: 20, intervalMs: 5, keys: 4 }] },
    },
  ],
  consumers: [{ id: 'c1', group: 'g', topics: ['orders'] }],
  faults: [{ at: 40, kind: 'lostAck', target: 'p1' }],
});

function sim(argv: string[]) {
  const io = memoryIo({ 'smoke.json': scenario });
  const code = main(argv, io.io);
  return { code, out: io.out(), err: io.err() };
}

describe('sim with the real engine', () => {
  it('runs a scenario and prints one log line per event, from sim.started to sim.ended', () => {
    const { code, out, err } = sim(['run', 'smoke.json']);
    expect(code).toBe(ExitCode.ok);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {5}0 {2}t=0ms +sim\.started +sim +scenario=cli-smoke seed=11$/);
    expect(lines[lines.length - 1]).toMatch(/sim\.ended +sim +reason=duration$/);
    expect(lines.some((line) => / record\.appended +orders-[01] /.test(line))).toBe(true);
    expect(err).toMatch(
      new RegExp(
        `^cli-smoke: seed 11, 300 ms virtual time, ${lines.length} events, trace hash [0-9a-f]{16}\\n$`,
      ),
    );
  });

  it('stops at --until', () => {
    const { out } = sim(['run', 'smoke.json', '--until', '40']);
    const lines = out.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/t=40ms +sim\.ended +sim +reason=until$/);
    expect(lines.every((line) => Number(/t=(\d+)ms/.exec(line)?.[1]) <= 40)).toBe(true);
  });

  it('gives byte-identical JSON for the same scenario and seed, with the trace hash of the summary', () => {
    const first = sim(['run', 'smoke.json', '--format', 'json']);
    const second = sim(['run', 'smoke.json', '--format', 'json']);
    expect(first.code).toBe(ExitCode.ok);
    expect(first.out).toBe(second.out);
    const result = JSON.parse(first.out);
    expect(first.err).toContain(`trace hash ${result.traceHash}`);
    expect(result.seed).toBe(11);
    expect(result.metrics.events).toBe(result.events.length);
  });
});
