import type { RunResult } from '../scenario/run.ts';

/**
 * `sim run --format json`: the run's result as one JSON document, deterministic byte for byte
 * (no timestamps, no file paths, key order as the engine builds its objects). Small values stay on
 * one line and the trace has one event per line, so the file reads well and diffs line by line.
 * Its fields are documented in docs/sim-command.md.
 */

/** Names the document's shape; bumped when a field changes meaning. */
export const resultFormat = { format: 'streamworks.run-result', version: 1 } as const;

/** Values whose one-line JSON is at most this long stay on one line. */
const inlineWidth = 100;

/** The document in pieces, to be written one after another (a trace can be long). */
export function* renderResultJson(result: RunResult): Generator<string> {
  const head = {
    ...resultFormat,
    scenario: result.scenario,
    seed: result.seed,
    traceHash: result.traceHash,
    metrics: result.metrics,
    partitions: result.partitions,
    readCommitted: result.readCommitted,
  };
  // The top level is always expanded, whatever its size, so `events` can follow in pieces.
  const fields = Object.entries(head).map(
    ([key, v]) => `  ${JSON.stringify(key)}: ${renderJson(v, '  ')}`,
  );
  yield '{\n' + fields.join(',\n') + ',\n  "events": [';
  const chunk: string[] = [];
  for (let i = 0; i < result.events.length; i++) {
    chunk.push((i === 0 ? '\n    ' : ',\n    ') + JSON.stringify(result.events[i]));
    if (chunk.length === 1000) yield chunk.splice(0).join('');
  }
  if (chunk.length > 0) yield chunk.join('');
  yield result.events.length > 0 ? '\n  ]\n}\n' : ']\n}\n';
}

/** JSON with two-space indentation, except that short values stay on one line. */
export function renderJson(value: unknown, indent: string): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (value === null || typeof value !== 'object' || flat.length + indent.length <= inlineWidth) {
    return flat;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = value.map((item) => inner + renderJson(item, inner));
    return '[\n' + items.join(',\n') + '\n' + indent + ']';
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => `${inner}${JSON.stringify(key)}: ${renderJson(v, inner)}`);
  return '{\n' + entries.join(',\n') + '\n' + indent + '}';
}
