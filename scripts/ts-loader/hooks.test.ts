import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const register = fileURLToPath(new URL('./register.mjs', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture/named.ts', import.meta.url));

describe('the TypeScript loader of the command line and the benchmarks', () => {
  it('runs TypeScript that imports TypeScript without an extension, keeping names and adding no __name wrappers', () => {
    const out = execFileSync(process.execPath, ['--import', register, fixture], {
      encoding: 'utf8',
    });
    // 41 proves both files ran; `add` is the name JavaScript infers; `false`: no keepNames helper.
    expect(out.trim()).toBe('41 add false');
  });
});
