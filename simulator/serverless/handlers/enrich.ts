import type { Handler } from '../handler-api.ts';
import { stringOption, userOf, withoutVersion, type HandlerOptions } from './options.ts';

/**
 * Enriching clicks with the user's profile: get the profile from `profileTable` by user, emit the
 * click with it (or `profile: null`) to `outputTopic`, keyed as the click.
 * Options: `profileTable` (`userProfiles`), `outputTopic` (`enriched-clicks`).
 */
export function enrichClickWithProfile(options: HandlerOptions): Handler {
  const profileTable = stringOption(options, 'profileTable', 'userProfiles');
  const outputTopic = stringOption(options, 'outputTopic', 'enriched-clicks');
  return function* (event, ctx) {
    for (const record of event.records) {
      const profile = yield* ctx.db.get(profileTable, userOf(record));
      const value = { click: record.value, profile: profile ? withoutVersion(profile) : null };
      yield* ctx.emit(outputTopic, record.key, value, { id: record.id });
    }
  };
}

/** Keeping the profile table up to date from a profiles topic: put each record's value by key. */
export function upsertProfile(options: HandlerOptions): Handler {
  const profileTable = stringOption(options, 'profileTable', 'userProfiles');
  return function* (event, ctx) {
    for (const record of event.records) {
      if (record.key === null) continue;
      const value = record.value;
      const item =
        value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { value };
      yield* ctx.db.put(profileTable, record.key, item);
    }
  };
}
