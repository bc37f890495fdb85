import type { Json, SimRecord } from '../../core/types.ts';
import type { TraceEvent } from '../events.ts';
import { count, formatRuns } from './words.ts';

/**
 * Records named by what they are, the same way in the event log, its details and the checks'
 * messages. The rule (documented in docs/sim-command.md, "The event log as prose"):
 *
 * - a record's **kind** is its topic's name in words, made singular: `page-views` → `page view`,
 *   `account-events` → `account event`, `addresses` → `address`; a topic whose last word is not a
 *   plural is `<topic> record` (`ledger record`); an internal topic is a `changelog record`, a
 *   `repartition record` or an `offset commit`;
 * - a record the workload wrote (its id is the workload item's number, the same across retries and
 *   across the topics a design copies it to) is `<kind> <id> of <key>`: `page view 7 of ada`;
 *   without a key, `<kind> <id>`;
 * - a record whose value names itself (the accounts domain's commands and events carry the
 *   `commandId` that caused them) is `<kind> <commandId> of <key>`: `account command bob-2 of b2`,
 *   `account event bob-2 of b2`;
 * - any other record (a processor's output, whose id is a large hash, see runtime/derive-id.ts; a
 *   client's command without a name) has no number a reader could follow: it is
 *   `<kind> of <key>`, and where it sits says the rest.
 */

/**
 * Ids at or above this are not a workload item's number: clients' commands start at 2^36
 * (eventsourcing/build.ts), a processor's derived ids at 2^40 (runtime/derive-id.ts).
 */
const firstUnnumberedId = 2 ** 36;

/** The id of records the broker writes for itself (committed offsets). */
const internalId = -1;

/** `page-views` → `page view`; see the module comment for the rule. */
export function recordKind(topic: string): string {
  if (topic === '__consumer_offsets') return 'offset commit';
  if (topic.endsWith('-changelog')) return 'changelog record';
  if (topic.endsWith('-repartition')) return 'repartition record';
  const words = topic.split(/[-_.]+/).filter((w) => w !== '');
  const last = words[words.length - 1] ?? topic;
  const single = singular(last);
  if (single === last) return `${words.join(' ')} record`;
  return [...words.slice(0, -1), single].join(' ');
}

/** The plural of a kind, for a list: `page views`, `ledger records`. */
export function recordKindPlural(topic: string): string {
  const kind = recordKind(topic);
  if (kind.endsWith('ss')) return `${kind}es`;
  if (kind.endsWith('y') && !/[aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

/** `views` → `view`, `entries` → `entry`, `addresses` → `address`; `status` and `ledger` stay. */
function singular(word: string): string {
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/sses$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word) || !word.endsWith('s') || word.length < 3) return word;
  return word.slice(0, -1);
}

/** True for a record id that is a workload item's number (one a reader can follow). */
export function isWorkloadId(id: number): boolean {
  return id >= 0 && id < firstUnnumberedId;
}

/** The name a value gives itself: its `commandId`, when it carries one. */
export function valueLabel(value: Json | undefined): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const label = (value as { readonly [key: string]: Json }).commandId;
  return typeof label === 'string' && label !== '' ? label : undefined;
}

/** A record's name from its topic, id, key and value: `page view 7 of ada`. */
export function recordName(topic: string, id: number, key: string | null, value?: Json): string {
  const kind = recordKind(topic);
  const of = key === null ? '' : ` of ${key}`;
  if (id === internalId && topic === '__consumer_offsets')
    return `offset commit for ${key ?? 'a group'}`;
  const label = valueLabel(value);
  if (label !== undefined) return `${kind} ${label}${of}`;
  if (!isWorkloadId(id)) return `${kind}${of}`;
  return `${kind} ${id}${of}`;
}

/** Where a record first entered the log, which names it when only its id is known. */
interface FirstAppend {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Json;
}

/**
 * What the log knows about each record id, so that a line or a check that holds only an id can
 * name the record. Read on demand, only as far as a record asked about first appears, so a check
 * that passes never pays for it.
 */
export class RecordBook {
  private readonly byId = new Map<number, FirstAppend>();
  /** How far the trace has been read: a record is looked up only as far as it first appears. */
  private read = 0;

  constructor(private readonly events: readonly TraceEvent[]) {}

  private firstAppend(id: number): FirstAppend | undefined {
    // A run of millions of events is read only up to the records asked about (they were appended
    // before the events that name them), not all at once on the first row the log shows.
    while (!this.byId.has(id) && this.read < this.events.length) {
      const e = this.events[this.read++];
      if (e.type === 'record.appended' && !this.byId.has(e.record.id)) {
        this.byId.set(e.record.id, { topic: e.topic, key: e.record.key, value: e.record.value });
      }
    }
    return this.byId.get(id);
  }

  /** The record with this id, named after `topic` when given (else after where it first appeared). */
  name(id: number, topic?: string): string {
    const first = this.firstAppend(id);
    const where = topic ?? first?.topic;
    if (where === undefined) return `record ${id}`;
    return recordName(where, id, first?.key ?? null, first?.value);
  }

  /**
   * Several records of one topic in a few words: one is named (`page view 7 of ada`), a run of
   * workload ids is a range (`page views 3–17`), anything else is counted (`12 page views`, ids in
   * the details).
   */
  summarise(ids: readonly number[], topic: string): string {
    if (ids.length === 0) return `no ${recordKindPlural(topic)}`;
    if (ids.length === 1) return this.name(ids[0], topic);
    const plural = recordKindPlural(topic);
    const workload = ids.every(
      (id) => isWorkloadId(id) && valueLabel(this.firstAppend(id)?.value) === undefined,
    );
    const runs = formatRuns(ids, 2);
    if (workload && !runs.includes('more')) return `${plural} ${runs}`;
    return count(ids.length, recordKind(topic), plural);
  }

  /** Every record of a list by name, one per line, for the details under a summary (none for one: the summary names it). */
  list(ids: readonly number[], topic?: string): string[] {
    if (ids.length < 2) return [];
    return ids.map((id) => this.name(id, topic));
  }
}

/** A name at the start of a sentence: `Page view 7 of ada`. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A record carried in an event (the value is known): its name from its own topic. */
export function nameOf(record: SimRecord, topic: string): string {
  return recordName(topic, record.id, record.key, record.value);
}

/** One book per trace: the log view asks for it on every row. */
const books = new WeakMap<readonly TraceEvent[], RecordBook>();

/** The record book of a trace, built on first use. */
export function recordBookOf(events: readonly TraceEvent[]): RecordBook {
  let book = books.get(events);
  if (book === undefined) {
    book = new RecordBook(events);
    books.set(events, book);
  }
  return book;
}
