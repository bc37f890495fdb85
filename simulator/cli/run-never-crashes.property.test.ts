import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import { scenarioSchema } from '../scenario/schema.ts';
import { checkProperty } from '../test/property.ts';
import { runCli } from './cli.ts';
import { ExitCode } from './command.ts';
import { memoryIo } from './test-io.ts';

/**
 * The law of the command line: a file the schema accepts either runs, or is refused with
 * validation errors that each name the file, the line, the column and the field's path. It never
 * reaches the engine only to fail there ("a bug in the Streamworks simulator").
 *
 * The files are the example scenarios, shortened, with a few random edits that keep them
 * schema-valid: a name swapped for another name of the file (or an unknown one), a number changed,
 * an element dropped from a list, a list emptied. Those are the mistakes a person makes.
 */

const FILE = 'simulator/cli/run-never-crashes.property.test.ts';
const NAME =
  'a schema-valid scenario file either runs or is refused with located validation errors';
const MAX_DURATION_MS = 1200;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function examples(): Json[] {
  const folders = ['../scenarios/', '../scenarios/compare/'].map(
    (f) => new URL(f, import.meta.url),
  );
  return folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => shorten(JSON.parse(readFileSync(new URL(f, folder), 'utf8')) as Json)),
  );
}

/** Short runs keep the property fast; faults after the new end go (they would only be refused). */
function shorten(example: Json): Json {
  const scenario = example as { durationMs: number; faults?: { at: number }[] };
  scenario.durationMs = Math.min(scenario.durationMs, MAX_DURATION_MS);
  scenario.faults = (scenario.faults ?? []).filter((f) => f.at <= scenario.durationMs);
  return scenario as Json;
}

/** Where a value sits: its parent container and its key there. */
interface Slot {
  parent: Json[] | { [key: string]: Json };
  key: string | number;
  value: Json;
}

function slots(value: Json, into: Slot[] = []): Slot[] {
  if (value === null || typeof value !== 'object') return into;
  for (const [key, child] of Object.entries(value)) {
    const slotKey = Array.isArray(value) ? Number(key) : key;
    into.push({ parent: value, key: slotKey, value: child });
    slots(child, into);
  }
  return into;
}

interface Edit {
  kind: 'rename' | 'renumber' | 'drop' | 'empty';
  slot: number;
  choice: number;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('rename', 'renumber', 'drop', 'empty'),
  slot: fc.nat(),
  choice: fc.nat(),
});

function applyEdit(file: Json, { kind, slot, choice }: Edit): void {
  const all = slots(file).filter((s) => s.key !== '$schema' && s.key !== 'description');
  const pick = <T>(list: T[]) => (list.length === 0 ? undefined : list[slot % list.length]);
  if (kind === 'rename') {
    const names = [
      ...new Set(
        all.flatMap((s) => (typeof s.value === 'string' && s.value.length < 40 ? [s.value] : [])),
      ),
    ];
    const target = pick(all.filter((s) => typeof s.value === 'string'));
    if (target) set(target, [...names, 'ghost'][choice % (names.length + 1)]);
  } else if (kind === 'renumber') {
    const target = pick(all.filter((s) => typeof s.value === 'number'));
    if (target) set(target, choice % (2 * (target.value as number) + 3));
  } else {
    const target = pick(all.filter((s) => Array.isArray(s.value) && s.value.length > 0));
    if (!target) return;
    const list = target.value as Json[];
    if (kind === 'empty') list.length = 0;
    else list.splice(choice % list.length, 1);
  }
}

function set(slot: Slot, value: Json): void {
  (slot.parent as Record<string | number, Json>)[slot.key] = value;
}

const LOCATED = /^f\.json:\d+:\d+: (error|warning) at \/\S*: \S/;
const SUMMARY = /^f\.json: \d+ errors?; nothing was simulated\.$/;

describe('sim run: what validates runs', () => {
  it(NAME, () => {
    const files = examples();
    const arbitrary = fc.record({
      example: fc.nat(files.length - 1),
      edits: fc.array(edit, { minLength: 1, maxLength: 3 }),
      design: fc.nat(),
    });
    checkProperty({ file: FILE, name: NAME }, arbitrary, ({ example, edits, design }) => {
      const file = structuredClone(files[example]);
      for (const e of edits) applyEdit(file, e);
      const parsed = scenarioSchema.safeParse(file);
      fc.pre(parsed.success);
      const designs = parsed.data!.designs ?? [];
      const choose = designs.length > 0 ? ['--design', designs[design % designs.length].name] : [];
      const io = memoryIo({ 'f.json': JSON.stringify(file, null, 2) });
      const code = runCli(['run', 'f.json', ...choose], io.io, { runScenario });
      const lines = io.err().trimEnd().split('\n');
      if (code === ExitCode.invalidScenario) {
        expect(lines.slice(0, -1).filter((l) => !LOCATED.test(l))).toEqual([]);
        expect(lines.at(-1)).toMatch(SUMMARY);
      } else {
        expect({ code, stderr: io.err() }).toEqual({
          code: ExitCode.ok,
          stderr: expect.any(String),
        });
      }
    });
  });
});
