import type { RunOptions, RunResult } from '../scenario/run.ts';
import type { Scenario } from '../scenario/schema.ts';
import { formatErrors, parseScenario } from '../scenario/load.ts';

/**
 * What every `sim` command shares: the I/O it may use (injected, so tests run the command line
 * in-process), the exit codes, and loading a scenario file with its errors printed.
 */

/** The documented exit codes of `sim` (docs/sim-command.md). */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The scenario file is not a valid scenario; nothing was simulated. */
  invalidScenario: 1,
  /** The command line itself is wrong (unknown command or option, bad value). */
  usage: 2,
  /** A file could not be read or written. */
  fileError: 3,
  /** The engine threw: a bug in the simulator, reported with the seed to replay it. */
  simulationFailed: 4,
  /** A limit was reached (event budget, memory, file size, drive inputs); the message names the option that raises it. */
  limitReached: 5,
} as const;

/** The limits of the command line, documented in docs/sim-command.md ("Limits"). */
export const Limits = {
  /** Events one run may produce before it stops (`--max-events`). */
  maxEvents: 1_000_000,
  /** JavaScript heap a run may use before it stops (`--max-memory-mb`). */
  maxMemoryMb: 1536,
  /** The largest file `validate`, `run`, `compare` and `drive` read. */
  maxFileBytes: 8 * 1024 * 1024,
  /** The most inputs a `drive` file may pipe. */
  maxDriveInputs: 100_000,
  /** Partitions a scenario's topics may declare in all (`--max-partitions`): each is made before the run starts. */
  maxPartitions: 10_000,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Somewhere to write text to, in pieces. */
export interface OutputSink {
  /** Appends text. */
  write(text: string): void;
  /** Finishes the output (closes the file). */
  close(): void;
}

/** Everything the command line touches outside itself. */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Whether standard error is a terminal: progress is shown only then. */
  stderrIsTTY: boolean;
  /** Reads a UTF-8 file; throws an error with a Node `code` (ENOENT, EACCES, EISDIR, ...). */
  readFile(path: string): string;
  /** Creates (or replaces) a file to write to; throws like `readFile`. */
  openOutput(path: string): OutputSink;
  /** Bytes of JavaScript heap in use now (absent where it cannot be measured: no memory guard). */
  heapUsedBytes?: () => number;
}

/** The engine the command line drives; injected so tests can use a fake. */
export interface Engine {
  /** Runs a scenario to its end (simulator/scenario/run.ts). */
  runScenario(scenario: Scenario, options?: RunOptions): RunResult;
}

/** Options a command accepts, in `node:util` `parseArgs` form. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** One entry of the command table. Adding a command is adding one of these. */
export interface Command {
  /** The word after `sim`. */
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The synopsis: `run FILE [--seed N] ...`. */
  usage: string;
  /** The rest of `--help`: what it does and what each option means. */
  help: string;
  /** Its options (`--help` is added for every command). */
  options: OptionSpec;
  /** Names of its positional arguments, all required. */
  positionals: string[];
  /** Does the work; returns the exit code. */
  run(ctx: CommandContext): ExitCode;
}

/** What a command receives. */
export interface CommandContext {
  io: CliIo;
  engine: Engine;
  /** Option values by name (strings or booleans; absent when not given). */
  values: Record<string, string | boolean | undefined>;
  /** Positional arguments, as many as the command names. */
  args: string[];
}

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** Reads and validates a scenario file, printing errors and warnings; an exit code on failure. */
export function loadScenarioFile(io: CliIo, file: string): Scenario | ExitCode {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    io.stderr(`sim: cannot read ${file}: ${describeFileError(error)}\n`);
    return isLimit(error) ? ExitCode.limitReached : ExitCode.fileError;
  }
  const result = parseScenario(text, file);
  io.stderr(formatErrors(result.warnings, file, 'warning'));
  if (result.ok) return result.scenario;
  io.stderr(formatErrors(result.errors, file));
  const count = result.errors.length;
  io.stderr(`${file}: ${count} error${count === 1 ? '' : 's'}; nothing was simulated.\n`);
  return ExitCode.invalidScenario;
}

/** Whether a read failed on one of the limits (too large) rather than on the file system. */
export function isLimit(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'EFBIG';
}

/** A file-system error in words, from its Node error code. */
export function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'EFBIG':
    case 'EILSEQ':
      return (error as Error).message;
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `--max-partitions`, or its default. */
export function maxPartitionsOption(values: CommandContext['values']): number {
  return integerOption(
    'max-partitions',
    String(values['max-partitions'] ?? Limits.maxPartitions),
    1,
    Number.MAX_SAFE_INTEGER,
  );
}

/**
 * Refuses a scenario whose topics declare more partitions in all than `maxPartitions`: the broker
 * makes every one before the first event (1,000 topics of 1,024 partitions took 19 s and 1.5 GB),
 * so the event budget and the memory guard would come too late. Prints why and returns exit 5.
 */
export function checkPartitionLimit(
  io: CliIo,
  file: string,
  scenario: Scenario,
  maxPartitions: number,
): ExitCode | null {
  const total = scenario.topics.reduce((sum, topic) => sum + topic.partitions, 0);
  if (total <= maxPartitions) return null;
  const topics = scenario.topics.length;
  io.stderr(
    `sim: ${file}: its ${topics} topic${topics === 1 ? '' : 's'} declare ${total} partitions in all, over the limit of ${maxPartitions}; nothing was simulated.\n` +
      `  Declare fewer topics or partitions, or raise the limit: --max-partitions ${total}.\n`,
  );
  return ExitCode.limitReached;
}

/** Parses a decimal integer option within bounds, or throws a UsageError naming it. */
export function integerOption(name: string, text: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} expects an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}
