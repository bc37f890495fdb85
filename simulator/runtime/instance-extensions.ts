import type { Json, TopicPartition } from '../core/types.ts';
import type { ActorContext, Message } from '../core/world.ts';
import type { InputRecord } from '../streams/types.ts';
import type { TaskRunner } from './task-runner.ts';

/**
 * A stream thread's state as Kafka Streams names it (`StreamThread.State`), as far as interactive
 * queries care: STARTING before its first assignment, PARTITIONS_ASSIGNED from an assignment until
 * every new task is restored, RUNNING after. Only RUNNING serves queries of active stores
 * (StreamThreadStateStoreProvider at 3.8.0).
 */
export type StreamThreadState = 'STARTING' | 'PARTITIONS_ASSIGNED' | 'RUNNING';

/** What an instance shows an interactive query: its thread's state and its active tasks. */
export interface InstanceQueryView {
  readonly instance: string;
  readonly threadState: StreamThreadState;
  /** The active task of sub-topology 0 reading `partition`, if this instance runs it. */
  activeTask(partition: number): TaskRunner | undefined;
}

/**
 * A store rebuilt by folding a topic from offset zero instead of restoring its changelog: what an
 * event-sourced processor without a snapshot has to do (its store logs nothing).
 */
export interface RefoldRestore {
  store: string;
  /** The topic folded, partition by partition (a task's partition of it). */
  topic: string;
  /** The store's next value for `key`, from its current one and one record of the topic. */
  fold(current: Json, value: Json): Json;
}

/** Hooks an application built on the runtime may add to its instances. */
export interface InstanceExtensions {
  /** A task processed one input record (its stores hold the result). */
  onProcessed?(task: TaskRunner, input: InputRecord, ctx: ActorContext): void;
  /** A message the instance does not know (an interactive query), with what it may read. */
  onQuery?(from: string, message: Message, view: InstanceQueryView, ctx: ActorContext): void;
  /** A task's stores are restored, at these positions of its sources (before it processes). */
  onTaskRestored?(
    task: TaskRunner,
    positions: readonly { tp: TopicPartition; offset: number }[],
    ctx: ActorContext,
  ): void;
}
