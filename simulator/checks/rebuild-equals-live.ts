import { formatValue } from '../trace/prose/words.ts';
import type { Json } from '../core/types.ts';
import type { FoldName } from '../eventsourcing/folds.ts';
import type { TraceEvent } from '../trace/events.ts';
import { PASS, violation, type CheckVerdict } from './verdict.ts';

/** One projection as the trace shows it: its fold, rows and positions. */
interface Seen {
  name: string;
  fold: FoldName;
  rows: Map<string, Json>;
  positions: Map<number, number>;
}

/**
 * A rebuilt read model equals the live one on the same history: whenever a version being rebuilt
 * (from a `rebuildProjection`) and the version serving the same read model with the same fold have
 * applied the log up to the same positions in every partition, their rows are the same. A rebuild
 * with a changed fold is meant to differ and is not compared. A rebuild that cannot see what the
 * live one saw (retention deleted it) breaks this at the first step where both stand at the same
 * place. The violation is the `projection.applied` that brought them level.
 */
export function rebuildEqualsLive(events: readonly TraceEvent[]): CheckVerdict {
  const seen = new Map<string, Seen>();
  const live = new Map<string, string>();
  const rebuilding = new Map<string, string>();
  const key = (host: string, name: string) => `${host}/${name}`;
  const base = (name: string) => name.split('@')[0];
  for (let index = 0; index < events.length; index++) {
    const e = events[index];
    if (e.type === 'projection.reset') {
      seen.set(key(e.host, e.readModel), {
        name: e.readModel,
        fold: e.fold,
        rows: new Map(),
        positions: new Map(),
      });
      (e.reason === 'rebuild' ? rebuilding : live).set(key(e.host, base(e.readModel)), e.readModel);
    } else if (e.type === 'projection.switched') {
      live.set(key(e.host, e.readModel), e.to);
      rebuilding.delete(key(e.host, e.readModel));
    } else if (e.type === 'projection.applied') {
      const p = seen.get(key(e.host, e.readModel));
      if (!p) continue;
      if (e.rowKey !== '') p.rows.set(e.rowKey, e.row);
      p.positions.set(e.partition, e.offset + 1);
      const pair = key(e.host, base(e.readModel));
      const a = seen.get(key(e.host, live.get(pair) ?? ''));
      const b = seen.get(key(e.host, rebuilding.get(pair) ?? ''));
      if (!a || !b || a.fold !== b.fold || !samePositions(a, b)) continue;
      const differs = firstDifference(a.rows, b.rows);
      if (differs !== null)
        return violation(
          events,
          index,
          `${b.name} (rebuilt) and ${a.name} (live) on ${e.host} stand at the same positions, but row ${differs} is ${formatValue(b.rows.get(differs) ?? null)} in the rebuild and ${formatValue(a.rows.get(differs) ?? null)} live`,
        );
    }
  }
  return PASS;
}

function samePositions(a: Seen, b: Seen): boolean {
  if (a.positions.size !== b.positions.size) return false;
  for (const [p, at] of a.positions) if (b.positions.get(p) !== at) return false;
  return true;
}

function firstDifference(a: Map<string, Json>, b: Map<string, Json>): string | null {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const k of keys)
    if (JSON.stringify(a.get(k) ?? null) !== JSON.stringify(b.get(k) ?? null)) return k;
  return null;
}
