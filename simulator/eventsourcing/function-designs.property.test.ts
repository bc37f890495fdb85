import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventHistory } from '../checks/accounts-history.ts';
import { changesPublished, committedChanges, eventIdentity } from '../checks/changes-published.ts';
import { runAccountsChecks } from '../checks/index.ts';
import { runDesign } from '../compare/compare.ts';
import { designScenario } from '../compare/design-scenario.ts';
import { parseScenario } from '../scenario/load.ts';
import { originCommandId } from './domain.ts';
import type { FaultSpec, Scenario } from '../scenario/schema.ts';
import { checkProperty } from '../test/property.ts';
import type { TraceEvent } from '../trace/events.ts';

/**
 * The three designs of the accounts comparison on the same random commands and the same random
 * faults (crashes of the command function at each of its fault points, of the outbox's relay, of
 * the processor's instances and of the reader): the dual write loses exactly the events of the
 * commands whose invocation crashed between its transaction and its publish and was not retried —
 * every such crash shows as a loss, none is invented; the outbox loses none and every copy of an
 * event carries the first copy's eventId; the event-sourced design keeps the invariant in its log
 * with each event once.
 */
const FILE = 'simulator/eventsourcing/function-designs.property.test.ts';
const text = readFileSync(new URL('../scenarios/compare/accounts.json', import.meta.url), 'utf8');
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const base: Scenario = parsed.scenario;

const points = ['beforeDbWrite', 'afterDbWriteBeforeEmit', 'afterEmitBeforeSuccess'] as const;
const at = fc.integer({ min: 50, max: 2000 });
const fault: fc.Arbitrary<FaultSpec[]> = fc.oneof(
  fc
    .tuple(at, fc.constantFrom(...points), fc.integer({ min: 1, max: 3 }))
    .map(([t, point, count]) => [
      { at: t, kind: 'invocationCrash', target: 'handleCommand', point, count } as FaultSpec,
    ]),
  fc
    .tuple(at, fc.constantFrom('beforeDbWrite', 'afterDbWriteBeforeEmit' as const))
    .map(([t, point]) => [
      { at: t, kind: 'invocationCrash', target: 'relay', point, count: 1 } as FaultSpec,
    ]),
  fc
    .tuple(
      fc.constantFrom('accounts-1', 'accounts-2', 'reader-1'),
      at,
      fc.integer({ min: 1, max: 400 }),
    )
    .map(([target, t, downMs]) => [
      { at: t, kind: 'crash', target } as FaultSpec,
      { at: t + downMs, kind: 'restart', target } as FaultSpec,
    ]),
);

interface Workload {
  seed: number;
  commands: [number, number, number];
  maxAmount: number;
  maximumRetryAttempts: number;
  faults: FaultSpec[];
}

/** Workloads: three clients with `minCommands` to 15 commands each, the retries and faults given. */
function workloads(
  minCommands: number,
  maximumRetryAttempts: fc.Arbitrary<number>,
  faults: fc.Arbitrary<FaultSpec[]>,
): fc.Arbitrary<Workload> {
  const commands = fc.integer({ min: minCommands, max: 15 });
  return fc.record({
    seed: fc.integer({ min: 0, max: 0xffff }),
    commands: fc.tuple(commands, commands, commands),
    maxAmount: fc.integer({ min: 1, max: 200 }),
    maximumRetryAttempts,
    faults,
  });
}

const workload = workloads(
  0,
  fc.integer({ min: 0, max: 2 }),
  fc.array(fault, { minLength: 1, maxLength: 4 }).map((groups) => groups.flat()),
);

function designRun(w: Workload, designName: string): TraceEvent[] {
  const s = structuredClone(base);
  s.seed = w.seed;
  s.durationMs = 5000;
  s.accounts!.clients.forEach((c, i) => {
    c.commands = w.commands[i];
    c.maxAmount = w.maxAmount;
  });
  s.faults = [...w.faults].sort((a, b) => a.at - b.at);
  const design = s.designs!.find((d) => d.name === designName)!;
  for (const t of design.serverless?.triggers ?? [])
    t.maximumRetryAttempts = w.maximumRetryAttempts;
  return runDesign(designScenario(s, design, true), w.seed);
}

/**
 * Client commands with a committed change whose events are not all in the log. A transfer's refund
 * (`bob-4/refund`) is decided and written with its transfer, so its loss is the transfer's.
 */
function lostCommands(trace: TraceEvent[]): Set<string> {
  const inLog = new Set(
    eventHistory(trace, 'account-events')
      .flat()
      .map((h) => eventIdentity(h.event)),
  );
  const lost = new Set<string>();
  for (const [, decided] of committedChanges(trace))
    for (const e of decided)
      if (!inLog.has(eventIdentity(e))) lost.add(originCommandId(e.commandId));
  return lost;
}

/** Commands whose invocation crashed right after committing them (between the two writes). */
function crashedAfterCommit(trace: TraceEvent[]): Set<string> {
  const lastCommit = new Map<string, string>();
  for (const [index, decided] of committedChanges(trace)) {
    const e = trace[index];
    if (e.type === 'db.written' && e.invocationId)
      lastCommit.set(e.invocationId, originCommandId(decided[0].commandId));
  }
  const crashed = new Set<string>();
  for (const e of trace)
    if (
      e.type === 'function.failed' &&
      e.reason === 'crash' &&
      /afterDbWriteBeforeEmit/.test(e.error ?? '')
    ) {
      const commandId = lastCommit.get(e.invocationId);
      if (commandId !== undefined) crashed.add(commandId);
    }
  return crashed;
}

describe('the accounts designs under the same random commands and faults', () => {
  const name =
    'the dual write shows every loss it causes, the outbox loses nothing, event sourcing keeps the invariant';
  it(name, () => {
    checkProperty(
      { file: FILE, name },
      workload,
      (w) => {
        const crud = designRun(w, 'crud-dual-write');
        const lost = [...lostCommands(crud)].sort();
        const crashed = [...crashedAfterCommit(crud)].sort();
        // A retry publishes what the crash left unsent; without retries every such crash is a loss.
        if (w.maximumRetryAttempts === 0)
          expect(lost, 'crud: lost = crashed after commit').toEqual(crashed);
        else
          for (const id of lost) expect(crashed, `crud: ${id} lost without a crash`).toContain(id);
        const verdict = changesPublished(crud);
        expect(verdict.ok, 'crud: the check agrees').toBe(lost.length === 0);
        if (!verdict.ok) expect(verdict.event.type).toBe('db.written');

        const outbox = designRun(w, 'outbox');
        expect(lostCommands(outbox).size, 'outbox: nothing lost').toBe(0);
        const idOf = new Map<string, string | undefined>();
        for (const e of outbox)
          if (e.type === 'record.appended' && e.topic === 'account-events') {
            const key = eventIdentity(e.record.value as never);
            if (!idOf.has(key)) idOf.set(key, e.record.headers?.eventId);
            else expect(e.record.headers?.eventId, `outbox: copy of ${key}`).toBe(idOf.get(key));
          }

        const eventSourced = designRun(w, 'event-sourced');
        for (const { name: check, verdict: v } of runAccountsChecks(eventSourced)) {
          if (check === 'readYourWrites') continue; // no tokens: stale reads are allowed
          if (!v.ok) throw new Error(`event-sourced: ${check}, event ${v.index}: ${v.message}`);
        }
      },
      { numRuns: 8 },
    );
  });
  const shown =
    "a crash between the dual write's two writes, not retried, always shows as a lost event";
  it(shown, () => {
    const forced = workloads(
      8,
      fc.constant(0),
      fc
        .tuple(fc.integer({ min: 50, max: 500 }), fc.array(fault, { maxLength: 2 }))
        .map(([t, others]): FaultSpec[] => [
          {
            at: t,
            kind: 'invocationCrash',
            target: 'handleCommand',
            point: 'afterDbWriteBeforeEmit',
            count: 1,
          } as FaultSpec,
          ...others.flat(),
        ]),
    );
    checkProperty(
      { file: FILE, name: shown },
      forced,
      (w) => {
        const crud = designRun(w, 'crud-dual-write');
        expect(crashedAfterCommit(crud).size, 'the crash hit a commit').toBeGreaterThan(0);
        const verdict = changesPublished(crud);
        expect(verdict.ok, 'the loss is reported').toBe(false);
        if (!verdict.ok) expect(verdict.message).toMatch(/a lost event$/);
      },
      { numRuns: 8 },
    );
  });
});
