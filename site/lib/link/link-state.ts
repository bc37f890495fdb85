import LZString from 'lz-string';
import { decompressBounded } from './bounded-lz.ts';
import { z } from 'zod';

// lz-string is CommonJS: its default export is the object holding the functions.
const { compressToEncodedURIComponent } = LZString;
import { faultSchema, type FaultSpec } from '../../../simulator/scenario/schema.ts';
import { VIEWS } from '../views/view-names.ts';

/**
 * Everything a person set in a workbench, carried in the URL's fragment (`#s=…`) as compressed
 * JSON (lz-string's URI-safe form), so a link reopens the exact state. The fragment never reaches
 * a server. A link is untrusted input: it is size-limited, decompressed defensively, validated by
 * a strict schema (unknown fields are errors), and its scenario later goes through the engine's
 * loader; nothing from it is ever executed or inserted as markup.
 */

export { VIEWS, type ViewName } from '../views/view-names.ts';

/** The longest fragment accepted, characters (a big pasted scenario compresses well below). */
export const MAX_LINK_CHARS = 200_000;
/** The longest scenario text a link may carry once decompressed, characters. */
export const MAX_SCENARIO_CHARS = 500_000;
/** The most a link's data may grow to when decompressed (the scenario, escaped, and the rest). */
const MAX_DECOMPRESSED_CHARS = MAX_SCENARIO_CHARS * 2;

const linkSchema = z.strictObject({
  /** Format version, so later formats can still read old links. */
  v: z.literal(1),
  /** A library scenario by id, or the whole file's text. */
  scenario: z.union([
    z.strictObject({
      id: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*$/)
        .max(100),
    }),
    z.strictObject({ text: z.string().max(MAX_SCENARIO_CHARS) }),
  ]),
  /** A seed other than the scenario's, or null. */
  seed: z.int().min(0).max(0xffff_ffff).nullable(),
  /** Faults added by hand, in order. */
  faults: z.array(faultSchema).max(100),
  /** The playhead: events shown. */
  index: z.int().min(0).max(100_000_000),
  /** The view in the main panel. */
  view: z.enum(VIEWS),
  /** The actor selected for faults, if any. */
  actor: z.string().max(64).nullable(),
});

/** The state a link carries. */
export type LinkState = z.output<typeof linkSchema>;

/** Reading a link: the state, or one sentence saying what is wrong with it. */
export type LinkRead = { ok: true; state: LinkState } | { ok: false; message: string };

/** The fragment (`#s=…`, without the page) that carries `state`. */
export function encodeLink(state: LinkState): string {
  const faults: FaultSpec[] = state.faults.map((f) => ({ ...f }));
  return '#s=' + compressToEncodedURIComponent(JSON.stringify({ ...state, faults }));
}

/** Whether a fragment carries a workbench state at all (anything else is left alone). */
export function hasLinkState(hash: string): boolean {
  return hash.startsWith('#s=');
}

/** Reads a fragment made by `encodeLink`; anything else gets a clear message, never an exception. */
export function decodeLink(hash: string): LinkRead {
  if (!hasLinkState(hash)) return { ok: false, message: 'this link carries no simulation state' };
  const read = decodeFragment(hash, '#s=', linkSchema);
  return read.ok ? { ok: true, state: read.value } : read;
}

/**
 * Reads a compressed fragment `prefix…` against a strict `schema`: size-limited, decompressed
 * defensively, every failure a sentence that names what is wrong (and where, for the schema).
 */
export function decodeFragment<T extends z.ZodType>(
  hash: string,
  prefix: string,
  schema: T,
): { ok: true; value: z.output<T> } | { ok: false; message: string } {
  let payload = hash.slice(prefix.length);
  if (payload.length === 0) return { ok: false, message: `this link is empty after "${prefix}"` };
  if (payload.length > MAX_LINK_CHARS) {
    return {
      ok: false,
      message: `this link is too long (${payload.length} characters; at most ${MAX_LINK_CHARS})`,
    };
  }
  // Some mail clients and browsers percent-encode fragments; lz-string's alphabet has no "%".
  if (payload.includes('%')) {
    try {
      payload = decodeURIComponent(payload);
    } catch {
      return { ok: false, message: 'this link is damaged: it has a broken %-escape' };
    }
  }
  // Decompression stops at the limit: a small link can expand to billions of characters.
  const decompressed = decompressBounded(payload, MAX_DECOMPRESSED_CHARS);
  if (!decompressed.ok) {
    return {
      ok: false,
      message:
        decompressed.reason === 'too-large'
          ? `this link is too large: its data grows past ${MAX_DECOMPRESSED_CHARS.toLocaleString('en')} characters once decompressed`
          : 'this link is damaged or cut short: its data does not decompress',
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(decompressed.text);
  } catch {
    return { ok: false, message: 'this link is damaged or cut short: its data is not valid JSON' };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` at /${issue.path.join('/')}` : '';
    return { ok: false, message: `this link's state is not valid${where}: ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}

/** The fragment `prefix…` carrying `value` as compressed JSON. */
export function encodeFragment(prefix: string, value: unknown): string {
  return prefix + compressToEncodedURIComponent(JSON.stringify(value));
}
