import { runScenario } from '../scenario/run.ts';
import { runCli } from './cli.ts';
import type { CliIo, ExitCode } from './command.ts';
import { nodeIo } from './node-io.ts';
import { isMainModule } from './node-files.ts';

/**
 * The `sim` command: `npm run sim -- <command> ...` (see docs/sim-command.md). `main` is the
 * whole program with the real engine; tests call it in-process with their own `io`.
 */
export function main(argv: readonly string[], io: CliIo = nodeIo()): ExitCode {
  return runCli(argv, io, { runScenario });
}

if (isMainModule(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
