/**
 * The durable-execution runtime's trace events. An invocation's id names its input record
 * (`topic/partition/offset`), so it is the same in every run and after every recovery.
 */
export type DurableTraceEvent =
  /** An input record became an invocation: its journal's first entry is in the log. */
  | { type: 'durable.invoked'; at: number; service: string; invocation: string; recordId: number }
  /** A step's external call began: a fresh execution, not a replay. */
  | {
      type: 'durable.stepStarted';
      at: number;
      service: string;
      invocation: string;
      index: number;
      step: string;
    }
  /** The step's external call took effect (the called service did its work). */
  | {
      type: 'durable.stepEffect';
      at: number;
      service: string;
      invocation: string;
      index: number;
      step: string;
    }
  /** The step's result is in the journal: on any retry it is replayed, never run again. */
  | {
      type: 'durable.stepJournaled';
      at: number;
      service: string;
      invocation: string;
      index: number;
      step: string;
      offset: number;
    }
  /** On a retry, the step's result was read back from the journal instead of calling again. */
  | {
      type: 'durable.stepReplayed';
      at: number;
      service: string;
      invocation: string;
      index: number;
      step: string;
    }
  /** The process read its journal back after a (re)start: invocations to resume, entries read. */
  | { type: 'durable.recovered'; at: number; service: string; entries: number; resumed: string[] }
  /** Every step done: the invocation's last journal entry is in the log. */
  | { type: 'durable.completed'; at: number; service: string; invocation: string };
