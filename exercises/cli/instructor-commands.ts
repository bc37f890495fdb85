import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PLATFORMS,
  autograderName,
  autograderZip,
  type Platform,
} from '../instructor/autograder.ts';
import { packFromDisk } from '../instructor/pack-files.ts';
import { packName } from '../instructor/pack-names.ts';

/**
 * The instructor's commands of `npm run grade` that make files rather than grades:
 * `--pack learner|full EXERCISE` and `--autograder PLATFORM EXERCISE`, each writing one zip to
 * `--out`. Each returns a problem sentence for a usage error, or the path it wrote.
 */

const PACK_KINDS = ['learner', 'full'] as const;

function writeZip(out: string, name: string, bytes: Uint8Array): string {
  mkdirSync(out, { recursive: true });
  const path = join(out, name);
  writeFileSync(path, bytes);
  return path;
}

export function writePack(
  kind: string,
  ids: readonly string[],
  out: string,
): { wrote: string } | { problem: string } {
  if (!(PACK_KINDS as readonly string[]).includes(kind))
    return { problem: `Unknown pack "${kind}"; use one of ${PACK_KINDS.join(', ')}` };
  if (ids.length !== 1) return { problem: 'Name one exercise to pack' };
  const id = ids[0]!;
  try {
    const zip = packFromDisk(id, kind as 'learner' | 'full');
    return { wrote: writeZip(out, packName(id, kind as 'learner' | 'full'), zip) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export async function writeAutograder(
  platform: string,
  ids: readonly string[],
  out: string,
): Promise<{ wrote: string } | { problem: string }> {
  if (!(PLATFORMS as readonly string[]).includes(platform))
    return { problem: `Unknown platform "${platform}"; use one of ${PLATFORMS.join(', ')}` };
  if (ids.length !== 1) return { problem: 'Name one exercise to build the autograder for' };
  const id = ids[0]!;
  let zip: Uint8Array;
  try {
    zip = await autograderZip(platform as Platform, id);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  return { wrote: writeZip(out, autograderName(platform as Platform, id), zip) };
}
