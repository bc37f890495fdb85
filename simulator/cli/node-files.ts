import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The few Node file helpers the command-line tools share. They live in simulator/cli/ because
 * that is the only place in simulator/ allowed to import `node:` modules.
 */

/** True when the module with this `import.meta.url` is the script Node (or tsx) was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === moduleUrl;
}

/** Writes UTF-8 text, replacing the file. */
export function writeTextFile(file: string | URL, text: string): void {
  writeFileSync(file, text, 'utf8');
}

/** Reads UTF-8 text. */
export function readTextFile(file: string | URL): string {
  return readFileSync(file, 'utf8');
}

/** Names of the files in a folder that end with `suffix`, sorted by code unit; none if it does not exist. */
export function listFiles(folder: string | URL, suffix: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .sort();
}
