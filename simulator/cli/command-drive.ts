import { SpecError } from '../streams/spec/build-from-spec.ts';
import { driveSpec } from '../streams/spec/drive-spec.ts';
import { describeFileError, ExitCode, type Command, type CommandContext } from './command.ts';

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
  let input: unknown;
  try {
    input = JSON.parse(io.readFile(file));
  } catch (error) {
    if (error instanceof SyntaxError) {
      io.stderr(`${file}: not valid JSON: ${error.message}\n`);
      return ExitCode.invalidScenario;
    }
    io.stderr(`sim: cannot read ${file}: ${describeFileError(error)}\n`);
    return ExitCode.fileError;
  }
  let text: string;
  try {
    text = JSON.stringify(driveSpec(input), null, 2) + '\n';
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    io.stderr(`${file}: ${error.message.split('\n').join(`\n${file}: `)}\n`);
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
