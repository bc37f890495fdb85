import type { DurableTraceEvent } from '../../durable/events.ts';
import type { EventSourcingTraceEvent } from '../../eventsourcing/events.ts';
import { camelWords } from './faults.ts';
import { type Teller, partitionName as tp, say } from './prose.ts';
import { count, formatValue, joinWords } from './words.ts';

/** The event-sourcing room's events (commands, queries, projections) and durable execution's, as sentences. */

const outcomes = {
  answered: 'answers',
  notYet: 'cannot answer yet (the read model is behind the token)',
  unavailable: 'refuses',
  timedOut: 'times out',
} as const;

const homes = {
  memory: 'in memory',
  streamsTable: 'a Kafka Streams table',
  database: 'a database table',
} as const;

const refusals = {
  readerDown: 'the reader is down',
  alreadyRebuilding: 'a rebuild is already running',
} as const;

/** The sentences, one per event type of event sourcing and durable execution. */
export const eventSourcingProse: Teller<
  EventSourcingTraceEvent['type'] | DurableTraceEvent['type']
> = {
  'command.sent': (e) =>
    say(
      `${e.client} sends command ${e.commandId} to ${tp(e.topic, e.partition)}: ${formatValue(e.command)}.`,
    ),
  'command.accepted': (e) =>
    say(
      `Command ${e.commandId} of ${e.client} is accepted after ${e.latencyMs} ms: its events are at ${tp(e.topic, e.partition)} offset ${e.offset}.`,
    ),
  'command.rejected': (e) =>
    say(
      `Command ${e.commandId} of ${e.client} is rejected after ${e.latencyMs} ms: ${camelWords(e.reason)}.`,
    ),
  'command.timedOut': (e) =>
    say(
      `${e.client} stops waiting for command ${e.commandId}: it may or may not have been applied.`,
    ),
  'query.sent': (e) =>
    say(
      `${e.client} asks ${e.host} for ${e.key} in ${e.readModel}${e.token === null ? '' : `, at least as of ${tp(e.token.topic, e.token.partition)} offset ${e.token.offset}`}.`,
    ),
  'query.answered': (e) =>
    say(
      `${e.readModel} ${outcomes[e.outcome]} ${e.client}'s query ${e.queryId} after ${e.latencyMs} ms${e.outcome === 'answered' ? `: ${e.key} is ${formatValue(e.row)}` : ''}${e.outcome === 'unavailable' && e.error !== undefined ? `: ${e.error}` : ''} (as of position ${e.position} of partition ${e.partition}).`,
    ),
  'query.failed': (e) =>
    say(
      `The query code on ${e.host} fails for ${e.queryId} (${e.error}): the client hears nothing.`,
    ),
  'projection.applied': (e) =>
    say(
      `${e.readModel} on ${e.host} applies ${tp(e.topic, e.partition)} offset ${e.offset}: ${e.rowKey} is now ${formatValue(e.row)}.`,
    ),
  'projection.restored': (e) => ({
    text: `${e.readModel} is up on ${e.host} (${homes[e.home]}) with ${count(e.rows.length, 'row')} of partition ${e.partition}, at position ${e.position}.`,
    details: e.rows.map((r) => `${r.key}: ${formatValue(r.row)}`),
  }),
  'projection.reset': (e) =>
    say(
      `${e.readModel} on ${e.host} ${e.reason === 'rebuild' ? 'starts a rebuild' : 'starts'} from empty, folding with ${e.fold}.`,
    ),
  'projection.skipped': (e) =>
    say(
      `${e.readModel} on ${e.host} skips offsets ${e.fromOffset}–${e.toOffset} of ${tp(e.topic, e.partition)}: retention deleted them before it read them.`,
    ),
  'projection.switched': (e) =>
    say(`${e.host} now answers ${e.readModel} queries from ${e.to} instead of ${e.from}.`),
  'projection.rebuildRefused': (e) =>
    say(`A rebuild of ${e.readModel} on ${e.host} is refused: ${refusals[e.reason]}.`),
  'durable.invoked': (e, book) =>
    say(`${e.service} starts ${e.invocation} for ${book.name(e.recordId)}.`),
  'durable.stepStarted': (e) =>
    say(`${e.invocation} of ${e.service} starts step ${e.index + 1}, ${e.step}.`),
  'durable.stepEffect': (e) =>
    say(`Step ${e.step} of ${e.invocation} has its effect on the world.`),
  'durable.stepJournaled': (e) =>
    say(
      `Step ${e.step} of ${e.invocation} is journaled at offset ${e.offset}: it will not run again.`,
    ),
  'durable.stepReplayed': (e) =>
    say(`Step ${e.step} of ${e.invocation} is replayed from the journal, not run again.`),
  'durable.recovered': (e) =>
    say(
      `${e.service} recovers from its journal (${count(e.entries, 'entry', 'entries')}): ${e.resumed.length === 0 ? 'nothing to resume' : `resuming ${joinWords(e.resumed)}`}.`,
    ),
  'durable.completed': (e) => say(`${e.invocation} of ${e.service} completes.`),
};
