import type { Scenario } from '../scenario/schema.ts';
import { ExitCode, loadScenarioFile, type Command, type CommandContext } from './command.ts';

/** `sim validate FILE`: check a scenario without running it. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a scenario file and summarise it, without simulating',
  usage: 'validate FILE',
  help: [
    'Loads the scenario FILE and checks it against the schema and the rules across fields',
    '(declared topics and actors, unique ids, partitions that exist, faults inside the run).',
    'Prints "ok" and a summary on standard output, or every error on standard error.',
  ].join('\n'),
  options: {},
  positionals: ['FILE'],
  run: runValidate,
};

function runValidate({ io, args: [file] }: CommandContext): ExitCode {
  const scenario = loadScenarioFile(io, file);
  if (typeof scenario === 'number') return scenario;
  io.stdout(describeScenario(scenario));
  return ExitCode.ok;
}

/** A few lines that say what a valid scenario contains. */
export function describeScenario(s: Scenario): string {
  const topics = s.topics.map((t) => `${t.name} (${plural(t.partitions, 'partition')})`);
  const actors = [
    'broker',
    ...s.producers.map(
      (p) => `${p.id} (producer${p.transactionalId === null ? '' : ', transactional'})`,
    ),
    ...s.consumers.map((c) => `${c.id} (consumer in ${c.group})`),
    ...s.transactionalClients.map((c) => `${c.id} (transactional client in ${c.group})`),
  ];
  const faults = s.faults.map((f) => {
    const who = 'target' in f ? f.target : f.between.join(' | ');
    return `${f.kind} ${who} at ${f.at} ms`;
  });
  return [
    `ok: ${s.name}`,
    `  duration: ${s.durationMs} ms virtual time, seed ${s.seed}`,
    `  topics:   ${s.topics.length}: ${topics.join(', ')}`,
    `  actors:   ${actors.length}: ${actors.join(', ')}`,
    `  faults:   ${s.faults.length}${faults.length ? ': ' + faults.join(', ') : ''}`,
    '',
  ].join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
