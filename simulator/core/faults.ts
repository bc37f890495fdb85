import type { FaultSpec } from '../scenario/schema.ts';
import type { FaultRecord } from '../trace/events.ts';
import { BROKER_ID } from '../log/protocol.ts';
import { isServerlessFault } from '../serverless/fault-kinds.ts';
import { serverlessEngine } from '../scenario/engines.ts';
import type { World } from './world.ts';
import { ReadModelHost } from '../eventsourcing/read-model-host.ts';

/**
 * Faults are data: `{at, kind, target, ...}` entries of a scenario's schedule, or the same objects
 * fired by hand from a page at the current time. This module turns one into changes of the world.
 */
export type Fault = FaultSpec;

/** Every actor id a fault names, for validation. */
export function faultTargets(fault: Fault): string[] {
  // A serverless fault names a function or the database; the serverless module finds it.
  if (isServerlessFault(fault)) return [];
  return 'target' in fault ? [fault.target] : [...fault.between];
}

/** Fire every fault of a schedule at its time. */
export function scheduleFaults(world: World, faults: readonly Fault[]): void {
  for (const fault of faults) world.at(fault.at, () => injectFault(world, fault));
}

/** Fire one fault now (and schedule its end, if it has a duration). */
export function injectFault(world: World, fault: Fault): void {
  for (const id of faultTargets(fault)) {
    if (!world.has(id)) throw new Error(`Fault ${fault.kind} names unknown actor "${id}"`);
  }
  const record = toRecord(fault);
  world.emit({ type: 'fault.injected', fault: record });
  const end = (durationMs: number | undefined, undo: () => void) => {
    if (durationMs === undefined) return;
    world.at(world.now + durationMs, () => {
      undo();
      world.emit({ type: 'fault.ended', fault: record });
    });
  };
  if (isServerlessFault(fault)) return serverlessEngine().inject(world, fault);
  switch (fault.kind) {
    case 'crash':
      return world.crash(fault.target);
    case 'restart':
      return world.restart(fault.target);
    case 'pause':
      world.pause(fault.target);
      return end(fault.durationMs, () => world.resume(fault.target));
    case 'partition': {
      const [a, b] = fault.between;
      world.network.cut(a, b, fault.oneWay);
      return end(fault.durationMs, () => world.network.heal(a, b, fault.oneWay));
    }
    case 'slowLink': {
      const [a, b] = fault.between;
      world.network.slow(a, b, fault.extraLatencyMs, fault.oneWay);
      return end(fault.durationMs, () =>
        world.network.slow(a, b, -fault.extraLatencyMs, fault.oneWay),
      );
    }
    case 'messageLoss': {
      const [a, b] = fault.between;
      world.network.configureLink(a, b, { lossPerMillion: fault.lossPerMillion });
      if (!fault.oneWay)
        world.network.configureLink(b, a, { lossPerMillion: fault.lossPerMillion });
      // When it ends the link goes back to the scenario's own loss, which need not be zero.
      return end(fault.durationMs, () => {
        world.network.resetLink(a, b, ['lossPerMillion']);
        if (!fault.oneWay) world.network.resetLink(b, a, ['lossPerMillion']);
      });
    }
    case 'rebuildProjection': {
      const host = world.actor(fault.target);
      if (!(host instanceof ReadModelHost))
        throw new Error(
          `Fault rebuildProjection names "${fault.target}", which hosts no read models`,
        );
      const outcome = host.rebuild(fault.readModel, fault.fold);
      if (outcome !== 'started')
        world.emit({
          type: 'projection.rebuildRefused',
          host: fault.target,
          readModel: fault.readModel,
          reason: outcome,
        });
      return;
    }
    case 'abortTransaction':
    case 'close':
      if (!world.command(fault.target, fault.kind))
        world.emit({ type: 'command.ignored', actor: fault.target, command: fault.kind });
      return;
    case 'lostAck': {
      // The write happens; only the reply that would tell the client so is lost.
      const kinds =
        world.actor(fault.target).kind === 'consumer'
          ? ['OffsetCommitResponse']
          : ['ProduceResponse'];
      world.network.dropNext({ from: BROKER_ID, to: fault.target, kinds, count: fault.count });
      return;
    }
  }
}

function toRecord(fault: Fault): FaultRecord {
  return JSON.parse(JSON.stringify(fault)) as FaultRecord;
}
