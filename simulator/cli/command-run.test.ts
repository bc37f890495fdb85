import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import { runCli } from './cli.ts';
import { ExitCode } from './command.ts';
import { memoryIo } from './test-io.ts';

const pageViews = readFileSync(
  new URL('../scenarios/compare/page-views.json', import.meta.url),
  'utf8',
);

function sim(argv: string[]) {
  const io = memoryIo({ 'page-views.json': pageViews });
  const code = runCli(argv, io.io, { runScenario });
  return { code, out: io.out(), err: io.err() };
}

describe('sim run on a file with designs', () => {
  it('refuses to guess which design to run, and points to --design and sim compare', () => {
    const { code, out, err } = sim(['run', 'page-views.json']);
    expect(code).toBe(ExitCode.usage);
    expect(out).toBe('');
    expect(err).toContain(
      'page-views.json compares 3 designs (serverless, stream-processor, stateful-functions): run one with --design NAME',
    );
    expect(err).toContain('"sim compare page-views.json"');
  });

  it('runs the one design --design names, with the faults that name its actors', () => {
    const { code, out, err } = sim(['run', 'page-views.json', '--design', 'serverless']);
    expect(err).toMatch(/^compare-page-views\/serverless: seed 41, 4000 ms virtual time/);
    expect(code).toBe(ExitCode.ok);
    // The invocation crash of countViews fires; the crashes of the other designs' instances do not.
    expect(out).toMatch(/fault\.injected .*kind=invocationCrash/);
    expect(out).not.toMatch(/actor\.crashed/);
  });

  it('names the designs a file has when --design names none of them', () => {
    const { code, err } = sim(['run', 'page-views.json', '--design', 'lambda']);
    expect(code).toBe(ExitCode.usage);
    expect(err).toContain(
      '--design: no design named "lambda" (the file has: serverless, stream-processor, stateful-functions)',
    );
  });
});
