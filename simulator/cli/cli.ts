import { parseArgs } from 'node:util';
import { runCommand } from './command-run.ts';
import { validateCommand } from './command-validate.ts';
import { compareCommand } from './command-compare.ts';
import { driveCommand } from './command-drive.ts';
import { ExitCode, UsageError, type CliIo, type Command, type Engine } from './command.ts';
import { terminalSafeIo } from './terminal-text.ts';

/**
 * The `sim` command line: finds the command, parses its options with `node:util` `parseArgs`
 * (strict: an unknown option is an error), and runs it. Everything outside (streams, files, the
 * engine) comes in as arguments, so tests call this in-process.
 */

/** Every command `sim` knows. Adding a command (`drive`, `compare`, ...) is adding one entry. */
export const commands: readonly Command[] = [
  runCommand,
  validateCommand,
  driveCommand,
  compareCommand,
];

const invocation = 'npm run sim --';

/** Runs `sim` with `argv` (the words after `sim`) and returns the exit code. */
export function runCli(
  argv: readonly string[],
  io: CliIo,
  engine: Engine,
  table = commands,
): ExitCode {
  const [first, ...rest] = argv;
  const json =
    first === 'drive' ||
    rest.some(
      (word, i) => word === '--format=json' || (word === '--format' && rest[i + 1] === 'json'),
    );
  io = terminalSafeIo(io, json);
  if (first === undefined) {
    io.stderr(generalHelp(table));
    return ExitCode.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      io.stdout(generalHelp(table));
      return ExitCode.ok;
    }
    const command = table.find((c) => c.name === topic);
    if (!command) return usageError(io, `unknown command "${topic}"`, table);
    io.stdout(commandHelp(command));
    return ExitCode.ok;
  }
  const command = table.find((c) => c.name === first);
  if (!command) return usageError(io, `unknown command "${first}"`, table);
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(commandHelp(command));
      return ExitCode.ok;
    }
    checkPositionals(command, positionals);
    return command.run({ io, engine, values: { ...values }, args: positionals });
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      // parseArgs appends advice about "--" that does not apply to sim's arguments.
      const message = (error as Error).message.replace(
        /\. To specify a positional argument.*$/s,
        '',
      );
      return usageError(io, message, table, command);
    }
    throw error;
  }
}

function checkPositionals(command: Command, given: string[]): void {
  const expected = command.positionals;
  if (given.length < expected.length) {
    throw new UsageError(`missing ${expected.slice(given.length).join(' ')}`);
  }
  if (given.length > expected.length) {
    throw new UsageError(`unexpected argument "${given[expected.length]}"`);
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function usageError(
  io: CliIo,
  message: string,
  table: readonly Command[],
  command?: Command,
): ExitCode {
  const prefix = command ? `sim ${command.name}` : 'sim';
  io.stderr(`${prefix}: ${message}\n`);
  if (command) {
    io.stderr(`Usage: ${invocation} ${command.usage}\n`);
    io.stderr(`Run "${invocation} ${command.name} --help" for details.\n`);
  } else {
    io.stderr(
      `Commands: ${table.map((c) => c.name).join(', ')}. Run "${invocation} --help" for details.\n`,
    );
  }
  return ExitCode.usage;
}

/** `sim --help`: the commands and the exit codes. */
export function generalHelp(table: readonly Command[]): string {
  const width = Math.max(...table.map((c) => c.name.length));
  return [
    `Usage: ${invocation} <command> [options]`,
    '',
    'Commands:',
    ...table.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "${invocation} <command> --help" for a command's options.`,
    '',
    exitCodesHelp,
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: ${invocation} ${command.usage}`, '', command.help, '', exitCodesHelp].join('\n');
}

const exitCodesHelp = [
  'Exit codes:',
  '  0  ok',
  '  1  the scenario is invalid (nothing was simulated)',
  '  2  usage error (unknown command or option, bad value)',
  '  3  a file could not be read or written',
  '  4  the simulation failed: a bug in the simulator, reported with the seed',
  '  5  a limit was reached (events, memory, file size, drive inputs): the message names the option',
  '',
].join('\n');
