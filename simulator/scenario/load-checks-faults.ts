import type { Context } from './load-checks.ts';
import { isObj, type Obj } from './raw-json.ts';

/**
 * The fault schedule's cross-field checks: each fault names actors that exist (and, with designs,
 * that one design has together), fires inside the run, and suits its target's kind.
 */

/** Serverless faults that name a function, and those that name the database. */
const functionFaults = new Set(['invocationCrash', 'invocationTimeout', 'instanceCrash']);
const databaseFaults = new Set(['dbThrottle', 'dbLostReply']);

export function checkFaults(ctx: Context, faults: unknown[]): void {
  const crashed = new Map<string, number>();
  faults.forEach((fault, i) => {
    if (!isObj(fault)) return;
    const path = `/faults/${i}`;
    const at = Number.isInteger(fault.at) ? (fault.at as number) : undefined;
    if (at !== undefined && ctx.durationMs !== undefined && at > ctx.durationMs) {
      ctx.report.errors.push({
        path: `${path}/at`,
        message: `the fault fires at ${at} ms, after the run ends (durationMs ${ctx.durationMs})`,
      });
    }
    if (
      typeof fault.kind === 'string' &&
      (functionFaults.has(fault.kind) || databaseFaults.has(fault.kind))
    ) {
      checkServerlessTarget(ctx, fault.kind, fault.target, `${path}/target`);
    } else if (
      typeof fault.target === 'string' &&
      checkActor(ctx, fault.target, `${path}/target`)
    ) {
      const kind = ctx.actors.get(fault.target);
      if (fault.kind === 'lostAck' && kind !== 'producer') {
        ctx.report.errors.push({
          path: `${path}/target`,
          message: `lostAck loses a producer's acknowledgement, but "${fault.target}" is a ${kind}`,
        });
      }
      const wanted = { abortTransaction: 'producer', close: 'consumer' }[fault.kind as string];
      if (wanted !== undefined && kind !== wanted) {
        ctx.report.errors.push({
          path: `${path}/target`,
          message: `${fault.kind} is something a ${wanted} does, but "${fault.target}" is a ${kind}`,
        });
      }
      if (fault.kind === 'crash' && at !== undefined && !crashed.has(fault.target))
        crashed.set(fault.target, at);
      if (
        fault.kind === 'restart' &&
        at !== undefined &&
        !((crashed.get(fault.target) ?? Infinity) <= at)
      ) {
        ctx.report.warnings.push({
          path: `${path}/target`,
          message: `"${fault.target}" is restarted at ${at} ms but no earlier fault crashes it; the restart does nothing`,
        });
      }
    }
    if (Array.isArray(fault.between)) checkBetween(ctx, fault.between, `${path}/between`);
    checkFaultFitsADesign(ctx, fault, path);
  });
}

/**
 * With designs, each design runs only the faults whose actors it has (compare/design-scenario.ts):
 * a fault naming actors that no single design has together would silently never fire.
 */
function checkFaultFitsADesign(ctx: Context, fault: Obj, path: string): void {
  if (ctx.designActors.size === 0) return;
  const kind = typeof fault.kind === 'string' ? fault.kind : '';
  const names = (Array.isArray(fault.between) ? fault.between : [fault.target]).filter(
    (n): n is string => typeof n === 'string',
  );
  const keys = names.map((n) => (functionFaults.has(kind) ? `function:${n}` : n));
  if (keys.length === 0 || !keys.every((k) => ctx.actors.has(k))) return; // reported already
  const designs = [...ctx.designActors];
  if (designs.some(([, actors]) => keys.every((k) => actors.has(k)))) return;
  const where = names
    .map((n, i) => {
      const owners = designs.filter(([, a]) => a.has(keys[i])).map(([name]) => name);
      return `"${n}" is in ${owners.length > 0 ? `design ${owners.join(', ')}` : 'no design'}`;
    })
    .join('; ');
  ctx.report.errors.push({
    path: Array.isArray(fault.between) ? `${path}/between` : `${path}/target`,
    message: `no single design has every actor this fault names, so it would never fire (${where})`,
  });
}

/** A serverless fault names a declared function (by name) or a database (by actor id). */
function checkServerlessTarget(ctx: Context, kind: string, target: unknown, path: string): void {
  if (typeof target !== 'string') return;
  const wanted = functionFaults.has(kind) ? 'function' : 'database';
  const key = wanted === 'function' ? `function:${target}` : target;
  if (ctx.actors.get(key) === wanted) return;
  const declared = [...ctx.actors]
    .filter(([, k]) => k === wanted)
    .map(([id]) => (wanted === 'function' ? id.slice('function:'.length) : id));
  ctx.report.errors.push({
    path,
    message: `${kind} names unknown ${wanted} "${target}" (declared: ${declared.join(', ') || 'none'})`,
  });
}

function checkBetween(ctx: Context, between: unknown[], path: string): void {
  between.forEach((id, k) => {
    if (typeof id === 'string') checkActor(ctx, id, `${path}/${k}`);
  });
  if (between.length === 2 && typeof between[0] === 'string' && between[0] === between[1]) {
    ctx.report.errors.push({
      path,
      message: `the two sides must be different actors, got "${between[0]}" twice`,
    });
  }
}

function checkActor(ctx: Context, id: string, path: string): boolean {
  if (ctx.actors.has(id)) return true;
  ctx.report.errors.push({
    path,
    message: `unknown actor "${id}" (declared: ${[...ctx.actors.keys()].filter((a) => !a.startsWith('function:')).join(', ')})`,
  });
  return false;
}
