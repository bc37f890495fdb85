import { RunLimitError, type RunResult } from '../scenario/run.ts';
import type { Scenario } from '../scenario/schema.ts';
import { formatEventLine } from '../trace/format.ts';
import {
  describeFileError,
  ExitCode,
  checkPartitionLimit,
  integerOption,
  Limits,
  loadScenarioFile,
  maxPartitionsOption,
  UsageError,
  type CliIo,
  type Command,
  type CommandContext,
  type OutputSink,
} from './command.ts';
import { renderResultJson } from './result-json.ts';
import { designScenario } from '../compare/design-scenario.ts';

/** `sim run FILE`: simulate a scenario and print its event log or its JSON result. */
export const runCommand: Command = {
  name: 'run',
  summary: 'simulate a scenario and print its event log (or its JSON result)',
  usage:
    'run FILE [--design NAME] [--seed N] [--until MS] [--format log|json] [--out FILE] [--max-events N] [--max-memory-mb N] [--max-partitions N]',
  help: [
    'Loads and validates the scenario FILE (if it has errors, prints them and simulates nothing),',
    'runs it, and prints one line per trace event, or the whole result as JSON.',
    '',
    'Options:',
    '  --design NAME     run one design of a file with "designs" (sim compare runs them all)',
    "  --seed N          run with seed N (0 to 4294967295) instead of the scenario's own",
    '  --until MS        stop at virtual time MS instead of at the end (durationMs)',
    '  --format log|json log: one line per event (default); json: the run result',
    '  --out FILE        write the output to FILE instead of standard output',
    `  --max-events N    stop (exit 5) once the trace holds N events (default ${Limits.maxEvents})`,
    `  --max-memory-mb N stop (exit 5) once the heap passes N MB (default ${Limits.maxMemoryMb})`,
    `  --max-partitions N refuse (exit 5) topics declaring more than N partitions in all (default ${Limits.maxPartitions})`,
    '',
    'A summary (seed, virtual time, events, trace hash) goes to standard error; on a terminal,',
    'so does a progress line while the simulation runs.',
  ].join('\n'),
  options: {
    design: { type: 'string' },
    seed: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'max-events': { type: 'string' },
    'max-memory-mb': { type: 'string' },
    'max-partitions': { type: 'string' },
  },
  positionals: ['FILE'],
  run: runRun,
};

function runRun({ io, engine, values, args: [file] }: CommandContext): ExitCode {
  const seed =
    values.seed === undefined
      ? undefined
      : integerOption('seed', String(values.seed), 0, 0xffff_ffff);
  const untilMs =
    values.until === undefined
      ? undefined
      : integerOption('until', String(values.until), 0, Number.MAX_SAFE_INTEGER);
  const format = values.format ?? 'log';
  if (format !== 'log' && format !== 'json') {
    throw new UsageError(`--format expects log or json, got "${String(format)}"`);
  }
  const maxEvents = integerOption(
    'max-events',
    String(values['max-events'] ?? Limits.maxEvents),
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const maxMemoryMb = integerOption(
    'max-memory-mb',
    String(values['max-memory-mb'] ?? Limits.maxMemoryMb),
    1,
    1_000_000,
  );
  const maxPartitions = maxPartitionsOption(values);
  const loaded = loadScenarioFile(io, file);
  if (typeof loaded === 'number') return loaded;
  const tooMany = checkPartitionLimit(io, file, loaded, maxPartitions);
  if (tooMany !== null) return tooMany;
  const scenario = chooseDesign(loaded, file, values.design);
  const effectiveSeed = seed ?? scenario.seed;
  let result: RunResult;
  try {
    result = engine.runScenario(scenario, {
      seed: effectiveSeed,
      untilMs,
      onProgress: progress(io),
      maxEvents,
      memoryExceeded: io.heapUsedBytes && (() => io.heapUsedBytes!() > maxMemoryMb * 1024 * 1024),
    });
  } catch (error) {
    clearProgress(io);
    if (error instanceof RunLimitError) {
      io.stderr(limitReport(file, error, maxEvents, maxMemoryMb));
      return ExitCode.limitReached;
    }
    io.stderr(bugReport(file, scenario, effectiveSeed, untilMs, error));
    return ExitCode.simulationFailed;
  }
  clearProgress(io);
  const out = values.out === undefined ? undefined : String(values.out);
  let sink: OutputSink;
  try {
    sink = out === undefined ? { write: io.stdout, close: () => {} } : io.openOutput(out);
  } catch (error) {
    io.stderr(`sim: cannot write ${out}: ${describeFileError(error)}\n`);
    return ExitCode.fileError;
  }
  for (const piece of format === 'json' ? renderResultJson(result) : renderLog(result))
    sink.write(piece);
  sink.close();
  io.stderr(summary(result, out));
  return ExitCode.ok;
}

/**
 * A file with `designs` describes several runs, one per design, each with only the faults that
 * name its actors: `run` runs the one `--design` names, and refuses to guess.
 */
function chooseDesign(scenario: Scenario, file: string, wanted: unknown): Scenario {
  const designs = scenario.designs ?? [];
  const names = designs.map((d) => d.name).join(', ');
  if (wanted === undefined) {
    if (designs.length === 0) return scenario;
    throw new UsageError(
      `${file} compares ${designs.length} designs (${names}): run one with --design NAME, ` +
        `or all of them side by side with "sim compare ${file}"`,
    );
  }
  if (designs.length === 0) throw new UsageError(`--design: ${file} has no "designs" block`);
  const design = designs.find((d) => d.name === wanted);
  if (!design)
    throw new UsageError(`--design: no design named "${String(wanted)}" (the file has: ${names})`);
  return designScenario(scenario, design, true);
}

/** The log in pieces of a thousand lines, so a long trace never becomes one giant string. */
function* renderLog(result: RunResult): Generator<string> {
  let chunk = '';
  for (let i = 0; i < result.events.length; i++) {
    chunk += formatEventLine(result.events[i], i) + '\n';
    if (i % 1000 === 999) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** On a terminal, a progress line on stderr, rewritten in place at most once per percent. */
function progress(io: CliIo): ((atMs: number, endMs: number) => void) | undefined {
  if (!io.stderrIsTTY) return undefined;
  let shown = -1;
  return (atMs, endMs) => {
    const percent = endMs === 0 ? 100 : Math.floor((atMs * 100) / endMs);
    if (percent === shown) return;
    shown = percent;
    io.stderr(`\rsimulating: ${atMs} / ${endMs} ms virtual time (${percent}%)`);
  };
}

function clearProgress(io: CliIo): void {
  if (io.stderrIsTTY) io.stderr('\r\x1b[K');
}

function summary(result: RunResult, out: string | undefined): string {
  const end = result.events.length > 0 ? result.events[result.events.length - 1].at : 0;
  const where = out === undefined ? '' : `, written to ${out}`;
  return (
    `${result.scenario.name}: seed ${result.seed}, ${end} ms virtual time, ` +
    `${result.events.length} events, trace hash ${result.traceHash}${where}\n`
  );
}

/** What to tell a person when a run reaches a limit: the figure reached, and what raises it. */
function limitReport(
  file: string,
  error: RunLimitError,
  maxEvents: number,
  maxMemoryMb: number,
): string {
  const where = `after ${error.events} events, at ${error.atMs} of ${error.endMs} ms virtual time`;
  const what =
    error.limit === 'events'
      ? `the run reached its budget of ${maxEvents} events ${where}`
      : `the run used more than ${maxMemoryMb} MB of memory ${where}`;
  const raise =
    error.limit === 'events'
      ? `--max-events ${maxEvents * 10}`
      : `--max-memory-mb ${maxMemoryMb * 2}`;
  return (
    `sim: ${file}: ${what}; nothing was printed.\n` +
    `  Shorten durationMs (or stop earlier with --until MS), or raise the limit: ${raise}.\n`
  );
}

/** What to tell a person when the engine throws: it is our bug, and here is how to replay it. */
function bugReport(
  file: string,
  scenario: Scenario,
  seed: number,
  untilMs: number | undefined,
  error: unknown,
): string {
  const until = untilMs === undefined ? '' : ` --until ${untilMs}`;
  const detail =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return [
    `sim: the simulation of "${scenario.name}" failed with seed ${seed}.`,
    'This is a bug in the Streamworks simulator, not in your scenario: the scenario was valid.',
    'Please report it with the scenario file and everything below.',
    '',
    `  scenario: ${scenario.name}`,
    `  seed:     ${seed}`,
    `  replay:   npm run sim -- run ${file} --seed ${seed}${until}`,
    `  error:    ${detail.replace(/\n/g, '\n            ')}`,
    '',
  ].join('\n');
}
