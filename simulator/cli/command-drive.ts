import { SpecError } from '../streams/spec/build-from-spec.ts';
import { driveSpec } from '../streams/spec/drive-spec.ts';
import { readJson, type TextPosition } from '../scenario/load-json.ts';
import {
  describeFileError,
  ExitCode,
  isLimit,
  Limits,
  type Command,
  type CommandContext,
} from './command.ts';

/**
 * `sim drive FILE`: run a topology through the TopologyTestDriver (Kafka Streams' test harness):
 * the file lists a topology (as DSL operators), its config and an ordered input sequence; the
 * ordered outputs per topic are printed as JSON. Strictly in piped order, no broker, no faults.
 */
export const driveCommand: Command = {
  name: 'drive',
  summary: 'pipe records through a topology with the test driver and print its outputs',
  usage: 'drive FILE [--out FILE]',
  help: [
    'Loads FILE: { "topology": { "operators": [...] }, "config": {...}, "inputs": [{ "topic", "key",',
    '"value", "timestampMs" }, ...], "wallClockAdvances": [...] } and pipes the inputs, in order,',
    'through a TopologyTestDriver. Prints the outputs of each output topic, in order, as JSON.',
    '  --out FILE   write the JSON there instead of standard output',
  ].join('\n'),
  options: { out: { type: 'string' } },
  positionals: ['FILE'],
  run: runDrive,
};

function runDrive({ io, values, args: [file] }: CommandContext): ExitCode {
  let source: string;
  try {
    source = io.readFile(file);
  } catch (error) {
    io.stderr(`sim: cannot read ${file}: ${describeFileError(error)}\n`);
    return isLimit(error) ? ExitCode.limitReached : ExitCode.fileError;
  }
  // The same reader as validate and run: a byte-order mark is skipped, errors have line and column.
  const read = readJson(source);
  if (!read.ok) {
    const { line, column } = read.position;
    io.stderr(`${file}:${line}:${column}: error: invalid JSON: ${read.message}\n`);
    return ExitCode.invalidScenario;
  }
  const inputs = (read.value as { inputs?: unknown } | null)?.inputs;
  if (Array.isArray(inputs) && inputs.length > Limits.maxDriveInputs) {
    io.stderr(
      `sim: ${file}: ${inputs.length} inputs, more than the ${Limits.maxDriveInputs} one drive file may pipe; split the file\n`,
    );
    return ExitCode.limitReached;
  }
  let text: string;
  try {
    text = JSON.stringify(driveSpec(read.value), null, 2) + '\n';
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    io.stderr(locateSpecErrors(error.message, file, read.positionOf));
    return ExitCode.invalidScenario;
  }
  const out = values.out;
  if (typeof out !== 'string') {
    io.stdout(text);
    return ExitCode.ok;
  }
  try {
    const sink = io.openOutput(out);
    sink.write(text);
    sink.close();
  } catch (error) {
    io.stderr(`sim: cannot write ${out}: ${describeFileError(error)}\n`);
    return ExitCode.fileError;
  }
  return ExitCode.ok;
}

/**
 * The driver's messages (`inputs[3].topic: ...`, one per line) in the `file:line:column: error at
 * /pointer: message` form of validate and run.
 */
function locateSpecErrors(
  message: string,
  file: string,
  positionOf: (pointer: string) => TextPosition | undefined,
): string {
  return message
    .split('\n')
    .map((line) => {
      const match = /^([\w$.[\]-]+|\(root\)): (.*)$/.exec(line);
      if (!match) return `${file}: error: ${line}\n`;
      const pointer =
        match[1] === '(root)'
          ? ''
          : '/' +
            match[1]
              .replace(/\[(\d+)\]/g, '.$1')
              .split('.')
              .filter(Boolean)
              .join('/');
      const at = nearestPosition(pointer, positionOf);
      const place = at ? `${file}:${at.line}:${at.column}` : file;
      return `${place}: error at ${pointer || '/'}: ${match[2]}\n`;
    })
    .join('');
}

/** Where the value at `pointer` starts, or its nearest existing parent. */
function nearestPosition(
  pointer: string,
  positionOf: (pointer: string) => TextPosition | undefined,
): TextPosition | undefined {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const at = positionOf(p);
    if (at || p === '') return at;
  }
}
