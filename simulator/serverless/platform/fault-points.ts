import type { FaultPoint } from '../schema.ts';

/** What an armed fault does to the invocation that reaches its point. */
export type PointFault = 'crash' | 'hang';

/**
 * Faults armed at named points inside invocations: "the next `count` invocations of this function
 * that reach this point crash (or hang) there". Each invocation takes at most one: the first it
 * reaches ends it. Crashes are taken before hangs at the same point.
 */
export class FaultPoints {
  private readonly armed = new Map<string, number>();

  arm(functionName: string, point: FaultPoint, fault: PointFault, count: number): void {
    const key = slot(functionName, point, fault);
    this.armed.set(key, (this.armed.get(key) ?? 0) + count);
  }

  /** The fault for an invocation of `functionName` reaching `point` now, consuming it, or null. */
  take(functionName: string, point: FaultPoint): PointFault | null {
    if (this.armed.size === 0) return null;
    for (const fault of ['crash', 'hang'] as const) {
      const key = slot(functionName, point, fault);
      const left = this.armed.get(key) ?? 0;
      if (left <= 0) continue;
      if (left === 1) this.armed.delete(key);
      else this.armed.set(key, left - 1);
      return fault;
    }
    return null;
  }
}

function slot(functionName: string, point: FaultPoint, fault: PointFault): string {
  return `${functionName}\u0000${point}\u0000${fault}`;
}
