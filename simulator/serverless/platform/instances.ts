/** One execution environment of a function. */
export interface Instance {
  readonly id: string;
  readonly function: string;
  state: 'initializing' | 'busy' | 'idle';
  /** When it last became idle (for the keep-alive). */
  idleSinceMs: number;
  /** The invocation it is running, if any. */
  invocationId: string | null;
}

/**
 * A function's execution environments. An invocation takes an idle instance if there is one
 * (warm start), the one that became idle last, since AWS does not document its choice and this
 * one keeps a steady trickle on few instances; otherwise it creates one (cold start). Instances are
 * kept in creation order, so every choice is deterministic.
 */
export class InstancePool {
  private readonly instances: Instance[] = [];
  private created = 0;

  constructor(readonly functionName: string) {}

  /** Instances initializing or running an invocation: what counts against concurrency. */
  get active(): number {
    let n = 0;
    for (const i of this.instances) if (i.state !== 'idle') n++;
    return n;
  }

  get size(): number {
    return this.instances.length;
  }

  /** An instance for a new invocation, and whether it must initialize first. */
  acquire(invocationId: string): { instance: Instance; cold: boolean } {
    let warm: Instance | null = null;
    for (const i of this.instances) {
      if (i.state === 'idle' && (warm === null || i.idleSinceMs >= warm.idleSinceMs)) warm = i;
    }
    if (warm) {
      warm.state = 'busy';
      warm.invocationId = invocationId;
      return { instance: warm, cold: false };
    }
    const instance: Instance = {
      id: `${this.functionName}#${++this.created}`,
      function: this.functionName,
      state: 'initializing',
      idleSinceMs: -1,
      invocationId,
    };
    this.instances.push(instance);
    return { instance, cold: true };
  }

  release(instance: Instance, nowMs: number): void {
    instance.state = 'idle';
    instance.idleSinceMs = nowMs;
    instance.invocationId = null;
  }

  /** Remove an instance (reclaimed, crashed or reset). */
  discard(instance: Instance): void {
    const index = this.instances.indexOf(instance);
    if (index >= 0) this.instances.splice(index, 1);
  }

  get(id: string): Instance | undefined {
    return this.instances.find((i) => i.id === id);
  }

  /** Up to `count` instances to crash: busy ones first, oldest first, then idle ones. */
  victims(count: number): Instance[] {
    const busy = this.instances.filter((i) => i.state !== 'idle');
    const idle = this.instances.filter((i) => i.state === 'idle');
    return [...busy, ...idle].slice(0, count);
  }

  clear(): void {
    this.instances.length = 0;
  }
}
