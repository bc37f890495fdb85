import type { Actor, ActorContext, Message } from '../core/world.ts';
import { World } from '../core/world.ts';
import { Broker } from '../log/broker.ts';
import { BROKER_ID } from '../log/protocol.ts';
import { buildWorld } from '../scenario/build.ts';
import {
  scenarioSchema,
  topicSchema,
  type Scenario,
  type ScenarioInput,
} from '../scenario/schema.ts';
import type { ActorKind, EventOf, TraceEvent, TraceEventType } from '../trace/events.ts';
import { exampleScenarios } from './run-scenarios.ts';

/**
 * Shared helpers for the engine's unit tests (property tests use `property.ts`): running small
 * scenarios, picking events out of a trace, and a scripted actor that records what
 * the world does to it.
 */

/** An example scenario from `simulator/scenarios/`, parsed. */
export function exampleScenario(name: string): Scenario {
  const found = exampleScenarios().find((s) => s.name === name);
  if (!found) throw new Error(`No example scenario named ${name}`);
  return found.scenario;
}

/** Parse a scenario, build its world and run it to its duration (or `untilMs`). */
export function simulate(input: ScenarioInput | Scenario, untilMs?: number): World {
  const scenario = scenarioSchema.parse(input);
  const world = buildWorld(scenario);
  world.runUntil(untilMs ?? scenario.durationMs);
  return world;
}

/** The events of one type, optionally filtered. */
export function eventsOf<T extends TraceEventType>(
  trace: readonly TraceEvent[],
  type: T,
  where: (event: EventOf<T>) => boolean = () => true,
): EventOf<T>[] {
  const out: EventOf<T>[] = [];
  for (const e of trace) if (e.type === type && where(e as EventOf<T>)) out.push(e as EventOf<T>);
  return out;
}

/** Index in the trace of the first event of `type` matching `where`, or -1. */
export function indexOfEvent<T extends TraceEventType>(
  trace: readonly TraceEvent[],
  type: T,
  where: (event: EventOf<T>) => boolean = () => true,
): number {
  return trace.findIndex((e) => e.type === type && where(e as EventOf<T>));
}

/** How many times each value occurs. */
export function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** What a scripted actor saw, in order. */
export type Seen =
  | { at: number; what: 'start' }
  | { at: number; what: 'message'; from: string; message: Message }
  | { at: number; what: 'timer'; name: string; data: unknown };

/**
 * An actor for tests: it records everything the world hands it and lets a test act through its
 * context. `memory` stands for what an actor keeps in memory; a crash clears it.
 */
export class ScriptedActor implements Actor {
  readonly seen: Seen[] = [];
  memory: string[] = [];
  crashes = 0;
  ctx: ActorContext | null = null;

  constructor(
    readonly id: string,
    readonly kind: ActorKind = 'producer',
    private readonly onStartDo: (ctx: ActorContext, self: ScriptedActor) => void = () => {},
  ) {}

  onStart(ctx: ActorContext): void {
    this.ctx = ctx;
    this.seen.push({ at: ctx.now, what: 'start' });
    this.memory.push(`started at ${ctx.now}`);
    this.onStartDo(ctx, this);
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    this.seen.push({ at: ctx.now, what: 'message', from, message });
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    this.seen.push({ at: ctx.now, what: 'timer', name, data });
  }

  onCrash(): void {
    this.crashes++;
    this.memory = [];
  }

  /** Messages received, optionally only of one kind. */
  messages<M extends Message = Message>(kind?: string): { at: number; from: string; message: M }[] {
    const out: { at: number; from: string; message: M }[] = [];
    for (const s of this.seen) {
      if (s.what === 'message' && (kind === undefined || s.message.kind === kind)) {
        out.push({ at: s.at, from: s.from, message: s.message as M });
      }
    }
    return out;
  }

  /** Names of the timers that fired, in order. */
  firedTimers(): string[] {
    return this.seen.flatMap((s) => (s.what === 'timer' ? [s.name] : []));
  }

  /** Send `message` to the broker (the actor must have started). */
  toBroker(message: Message): void {
    this.ctx!.send(BROKER_ID, message);
  }
}

/**
 * A world with only the broker (with these topics) and scripted clients, for driving the broker's
 * protocol by hand. The broker uses the same settings as `buildWorld`.
 */
export function brokerWorld(
  topics: { name: string; partitions?: number }[],
  clientIds: string[],
  options: { latencyMs?: number } = {},
): { world: World; broker: Broker; clients: Record<string, ScriptedActor> } {
  const world = new World({ seed: 1, network: { latencyMs: options.latencyMs ?? 1 } });
  const broker = new Broker({
    topics: topics.map((t) => topicSchema.parse(t)),
    offsetsTopicPartitions: 1,
    initialRebalanceDelayMs: 30,
    housekeepingIntervalMs: 100,
  });
  world.add(broker);
  const clients: Record<string, ScriptedActor> = {};
  for (const id of clientIds) {
    clients[id] = new ScriptedActor(id);
    world.add(clients[id]);
  }
  world.runUntil(0);
  return { world, broker, clients };
}
