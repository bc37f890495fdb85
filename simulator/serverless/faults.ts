import type { World } from '../core/world.ts';
import type { FaultRecord } from '../trace/events.ts';
import { Database } from './db/database.ts';
import { DB_WRITE_RESPONSE } from './protocol.ts';
import { FunctionPlatform } from './platform/platform.ts';
import type { ServerlessFault } from './schema.ts';

export { isServerlessFault, SERVERLESS_FAULT_KINDS } from './fault-kinds.ts';

/**
 * Make one serverless fault take effect now. It does not trace `fault.injected` (the caller's
 * `injectFault` does, for every kind). Function faults name a function, not an actor: the platform
 * that runs it is found in the world. Arming faults (`invocationCrash`, `invocationTimeout`) act
 * on the next invocations that reach the point, however much later.
 */
export function injectServerlessFault(world: World, fault: ServerlessFault): void {
  switch (fault.kind) {
    case 'invocationCrash':
      return platformRunning(world, fault.target).armFault(
        fault.target,
        fault.point,
        'crash',
        fault.count,
      );
    case 'invocationTimeout':
      return platformRunning(world, fault.target).armFault(
        fault.target,
        fault.point,
        'hang',
        fault.count,
      );
    case 'instanceCrash':
      return platformRunning(world, fault.target).crashInstances(fault.target, fault.count);
    case 'dbThrottle':
      return database(world, fault.target).throttleNextRequests(fault.count);
    case 'dbLostReply':
      // The write is applied; only the reply telling the client so is lost on the way back.
      database(world, fault.target);
      return world.network.dropNext({
        from: fault.target,
        kinds: [DB_WRITE_RESPONSE],
        count: fault.count,
      });
  }
}

/** Fire every fault of a schedule at its time, tracing each (for runs built without the main `injectFault`). */
export function scheduleServerlessFaults(world: World, faults: readonly ServerlessFault[]): void {
  for (const fault of faults) {
    world.at(fault.at, () => {
      world.emit({
        type: 'fault.injected',
        fault: JSON.parse(JSON.stringify(fault)) as FaultRecord,
      });
      injectServerlessFault(world, fault);
    });
  }
}

function platformRunning(world: World, functionName: string): FunctionPlatform {
  for (const id of world.actorIds()) {
    const actor = world.actor(id);
    if (actor instanceof FunctionPlatform && actor.hasFunction(functionName)) return actor;
  }
  throw new Error(`A serverless fault names unknown function "${functionName}"`);
}

function database(world: World, id: string): Database {
  const actor = world.has(id) ? world.actor(id) : undefined;
  if (!(actor instanceof Database))
    throw new Error(`A database fault names "${id}", which is not a database`);
  return actor;
}
