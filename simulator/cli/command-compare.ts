import { compareDesigns } from '../compare/compare.ts';
import { RunLimitError } from '../scenario/run-scenario.ts';
import { formatComparison } from '../compare/format-table.ts';
import {
  ExitCode,
  checkPartitionLimit,
  integerOption,
  Limits,
  loadScenarioFile,
  maxPartitionsOption,
  UsageError,
  type Command,
  type CommandContext,
} from './command.ts';

/**
 * `sim compare FILE`: run every design of the file's `designs` block on its workload and fault
 * schedule, each also without faults as its reference, and print the comparison as a table (or
 * JSON with `--format json`, for the site's charts).
 */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'run each design of a scenario on the same workload and faults, side by side',
  usage: 'compare FILE [--seed N] [--format table|json] [--max-events N] [--max-partitions N]',
  help: [
    'Runs each design of FILE\'s "designs" block with the fault schedule and again without it,',
    'and compares the two: correct outputs, duplicates, lost, out of order, latency, invocations,',
    'cold starts, retries, database calls, cost, where the state lives, the first violation.',
    "  --seed N         run with seed N instead of the file's",
    '  --format FORMAT  table (default) or json',
    `  --max-events N   stop (exit 5) once one run's trace holds N events (default ${Limits.maxEvents})`,
    `  --max-partitions N refuse (exit 5) topics declaring more than N partitions in all (default ${Limits.maxPartitions})`,
  ].join('\n'),
  options: {
    seed: { type: 'string' },
    format: { type: 'string' },
    'max-events': { type: 'string' },
    'max-partitions': { type: 'string' },
  },
  positionals: ['FILE'],
  run: runCompare,
};

function runCompare({ io, values, args: [file] }: CommandContext): ExitCode {
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json')
    throw new UsageError(`--format must be table or json, got "${String(format)}"`);
  let seed: number | undefined;
  if (typeof values.seed === 'string') {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || seed > 0xffff_ffff)
      throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${values.seed}"`);
  }
  const maxEvents = integerOption(
    'max-events',
    String(values['max-events'] ?? Limits.maxEvents),
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const maxPartitions = maxPartitionsOption(values);
  const scenario = loadScenarioFile(io, file);
  if (typeof scenario === 'number') return scenario;
  const tooMany = checkPartitionLimit(io, file, scenario, maxPartitions);
  if (tooMany !== null) return tooMany;
  if (!scenario.designs || scenario.designs.length === 0) {
    io.stderr(`${file}: no "designs" to compare (add a designs block, or use "sim run")\n`);
    return ExitCode.invalidScenario;
  }
  let result;
  try {
    result = compareDesigns(scenario, { seed, maxEvents });
  } catch (error) {
    if (error instanceof RunLimitError) {
      io.stderr(
        `sim: ${file}: a run reached its budget of ${maxEvents} events at ${error.atMs} of ${error.endMs} ms virtual time; nothing was printed.\n` +
          `  Shorten durationMs, or raise the limit: --max-events ${maxEvents * 10}.\n`,
      );
      return ExitCode.limitReached;
    }
    io.stderr(
      `sim: the simulation failed (seed ${seed ?? scenario.seed}): ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return ExitCode.simulationFailed;
  }
  io.stdout(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatComparison(result));
  return ExitCode.ok;
}
