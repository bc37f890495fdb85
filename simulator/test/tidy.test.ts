import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aliasFindings } from './tidy-aliases.ts';

/**
 * Tidy: the simulator's rules as a test, in the manner of TigerBeetle's `src/tidy.zig`. It reads
 * every `.ts` file under `simulator/` and fails, naming file:line, on anything that would let a run
 * depend on something other than its scenario and seed (clocks, platform randomness, timers and
 * promises, locale, garbage collection, floating-point transcendental functions) or tie the engine
 * to a platform (the DOM, Node, Svelte, d3) or to code outside `simulator/`.
 *
 * Rules look at code only: comments and the insides of string literals are blanked first, so a
 * comment may say "never call Math.random" and an error message may say "await the ack".
 *
 * Where a rule does not apply (each exemption is listed on the rule, with its reason):
 * - test code (`*.test.ts`, anything under `simulator/test/`, and `test-helpers.ts` modules, which
 *   only tests import) may use Node (`node:` imports, `process.env` for FC_SEED/FC_PATH) and
 *   the test packages (vitest, fast-check). Test code is otherwise held to every rule: a test that
 *   reads the clock or sleeps is a flaky test;
 * - `simulator/cli/` is the Node-only shell around the engine: it may use Node, and because it
 *   talks to a terminal and to files, asynchronous code and timers. It may not read the clock or
 *   platform randomness either, since its output must be byte-for-byte reproducible.
 */

const simulatorRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(simulatorRoot, '..');

/** Where a file sits, which decides which rules apply to it. */
interface FileKind {
  /** Path relative to the repository, with forward slashes. */
  readonly path: string;
  readonly isTest: boolean;
  readonly isCli: boolean;
}

function kindOf(path: string): FileKind {
  const name = path.split('/').pop() ?? '';
  const isTest =
    name.endsWith('.test.ts') || name === 'test-helpers.ts' || path.startsWith('simulator/test/');
  return { path, isTest, isCli: path.startsWith('simulator/cli/') };
}

/** One finding. */
interface Violation {
  readonly rule: string;
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly text: string;
}

/** A rule over code (comments and string contents blanked). */
interface CodeRule {
  readonly name: string;
  /** Why the rule exists; printed with every violation. */
  readonly why: string;
  readonly pattern: RegExp;
  readonly appliesTo: (file: FileKind) => boolean;
}

const everywhere = () => true;
const notTestNotCli = (f: FileKind) => !f.isTest && !f.isCli;
const notCli = (f: FileKind) => !f.isCli;

const ALLOWED_MATH = [
  'floor',
  'ceil',
  'trunc',
  'round',
  'min',
  'max',
  'abs',
  'imul',
  'sign',
  'clz32',
];

const codeRules: readonly CodeRule[] = [
  {
    name: 'math-random',
    why: 'randomness comes only from a Prng passed in',
    pattern: /\bMath\s*\.\s*random\b/,
    appliesTo: everywhere,
  },
  {
    name: 'clock',
    why: 'time is virtual: integer ms from the world, never the platform clock',
    pattern:
      /\bDate\s*\.\s*now\b|(?<![\w$.]|new\s+)Date\s*\(|\bperformance\s*\.\s*now\b|\bprocess\s*\.\s*hrtime\b/,
    appliesTo: everywhere,
  },
  {
    name: 'new-date',
    why: 'new Date() reads the clock (and its string forms depend on the time zone)',
    pattern: /\bnew\s+Date\b/,
    appliesTo: everywhere,
  },
  {
    name: 'timers',
    why: 'one event queue ordered by (time, seq) owns all scheduling; exempt: cli (terminal I/O)',
    pattern:
      /\b(setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame|requestIdleCallback)\b|\bprocess\s*\.\s*nextTick\b/,
    appliesTo: notCli,
  },
  {
    name: 'async',
    why: 'the engine runs to completion synchronously; exempt: cli (terminal and file I/O)',
    pattern:
      /\basync\s*(?:function\b|\(|\*|[\w$]+\s*(?:=>|\())|(?<![\w$.])await\b|\bPromise\b|(?<![\w$.])import\s*\(/,
    appliesTo: notCli,
  },
  {
    name: 'transcendental-math',
    why: `float results differ across engines; only Math.${ALLOWED_MATH.join('/')} may be used`,
    // Math.random has a rule of its own.
    pattern: new RegExp(
      `\\bMath\\s*(?:\\[|\\.\\s*(?!(?:${[...ALLOWED_MATH, 'random'].join('|')})\\b)[\\w$]+)`,
    ),
    appliesTo: everywhere,
  },
  {
    name: 'crypto',
    why: 'platform randomness (getRandomValues, randomUUID)',
    pattern: /\bcrypto\s*\./,
    appliesTo: everywhere,
  },
  {
    name: 'locale',
    why: 'locale-dependent ordering and formatting differ between machines',
    pattern: /\blocaleCompare\b|\btoLocale\w*String\b|\bIntl\s*\./,
    appliesTo: everywhere,
  },
  {
    name: 'gc-dependent',
    why: 'WeakRef and FinalizationRegistry depend on when the garbage collector runs',
    pattern: /\b(WeakRef|FinalizationRegistry)\b/,
    appliesTo: everywhere,
  },
  {
    name: 'dom',
    why: 'the engine has no DOM: it runs in Node, a worker and every browser alike',
    pattern:
      /(?<![\w$.])(document|localStorage|sessionStorage|indexedDB|navigator)\s*[.[]|(?<![\w$.])globalThis\b|(?<![\w$.])window\s*\.\s*(document|location|navigator|localStorage|sessionStorage|indexedDB|fetch|addEventListener|removeEventListener|setTimeout|setInterval|requestAnimationFrame|crypto|performance|history|alert|open|innerWidth|innerHeight|devicePixelRatio|matchMedia|getComputedStyle|postMessage)\b|\b(XMLHttpRequest|WebSocket|EventSource)\b/,
    appliesTo: everywhere,
  },
  {
    name: 'node-globals',
    why: 'Node-only globals; exempt: cli (Node-only) and test code (FC_SEED from process.env)',
    // `process` only as the global object: `process(record)` is the Processor API's method.
    pattern:
      /(?<![\w$.])(process|Buffer)\s*[.[]|\bnew\s+Buffer\b|(?<![\w$.])(__dirname|__filename)\b|(?<![\w$.])require\s*\(/,
    appliesTo: notTestNotCli,
  },
];

/** Packages the engine may import at run time; test code may also import the test packages. */
const RUNTIME_PACKAGES = ['xstate', 'zod'];
const TEST_PACKAGES = ['vitest', 'fast-check', 'typescript'];
const UI_PACKAGES = /^(svelte|@sveltejs\/|d3|@types\/d3)/;

/** Checks one import specifier; returns the rule it breaks, with the reason, or undefined. */
function importProblem(
  file: FileKind,
  specifier: string,
): { rule: string; why: string } | undefined {
  if (UI_PACKAGES.test(specifier)) {
    return { rule: 'ui-import', why: 'the engine imports no Svelte or d3: views read the trace' };
  }
  if (specifier.startsWith('node:')) {
    if (file.isCli || file.isTest) return undefined;
    return { rule: 'node-import', why: 'node: modules only in simulator/cli/ and test code' };
  }
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = resolve(repoRoot, dirname(file.path), specifier);
    if (!target.startsWith(simulatorRoot + sep)) {
      return {
        rule: 'outside-import',
        why: 'imports go one way: site → chapters, exercises → simulator; the simulator imports none of them',
      };
    }
    const intoCli = target.startsWith(join(simulatorRoot, 'cli') + sep);
    if (intoCli && !file.isCli && !file.isTest) {
      return { rule: 'cli-import', why: 'engine code may not import the Node-only simulator/cli/' };
    }
    return undefined;
  }
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0];
  const allowed = file.isTest ? [...RUNTIME_PACKAGES, ...TEST_PACKAGES] : RUNTIME_PACKAGES;
  if (allowed.includes(name)) return undefined;
  return {
    rule: 'package-import',
    why: `only ${allowed.join(', ')} here; a new dependency must be pure and deterministic, then listed in tidy`,
  };
}

/**
 * The source with comments blanked and, unless `keepStrings`, the contents of string and
 * template literals blanked too (template `${...}` code is kept). Newlines are kept, so line
 * numbers stay right. Regular-expression literals are recognised by the usual heuristic (a `/`
 * where an operand may start) and blanked like strings.
 */
export function blankNonCode(source: string, keepStrings = false): string {
  const out = source.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const templateBraces: number[] = [];
  let braces = 0;
  let previous = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      const stop = endOfQuoted(source, i, c);
      if (!keepStrings) blank(i + 1, stop - 1);
      i = stop;
      previous = c;
    } else if (c === '`' || (c === '}' && templateBraces.at(-1) === braces)) {
      if (c === '}') templateBraces.pop();
      const stop = endOfTemplateText(source, i + 1);
      if (!keepStrings) blank(i + 1, stop);
      if (source[stop] === '`') i = stop + 1;
      else {
        templateBraces.push(braces);
        i = stop + 2;
      }
      previous = '`';
    } else if (c === '/' && startsOperand(source, i, previous)) {
      const stop = endOfRegex(source, i);
      blank(i + 1, stop - 1);
      i = stop;
      previous = '/';
    } else {
      if (c === '{') braces++;
      if (c === '}') braces--;
      if (!/\s/.test(c)) previous = c;
      i++;
    }
  }
  return out.join('');
}

function endOfQuoted(source: string, start: number, quote: string): number {
  let k = start + 1;
  while (k < source.length && source[k] !== quote && source[k] !== '\n')
    k += source[k] === '\\' ? 2 : 1;
  return Math.min(k + 1, source.length);
}

/** Index of the closing backquote or of the `$` of the next `${`. */
function endOfTemplateText(source: string, start: number): number {
  let k = start;
  while (k < source.length && source[k] !== '`' && !(source[k] === '$' && source[k + 1] === '{')) {
    k += source[k] === '\\' ? 2 : 1;
  }
  return k;
}

/** Whether a `/` here begins a regular expression (it follows an operator or a keyword). */
function startsOperand(source: string, index: number, previous: string): boolean {
  if (previous === '' || '(,=:[!&|?{};+-*%<>~^'.includes(previous)) return true;
  const before = source.slice(Math.max(0, index - 12), index);
  return /\b(return|typeof|case|of|in|do|else|void|yield|throw|delete|new)\s*$/.test(before);
}

function endOfRegex(source: string, start: number): number {
  let k = start + 1;
  let inClass = false;
  while (k < source.length && source[k] !== '\n') {
    const c = source[k];
    if (c === '\\') k++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return k + 1;
    k++;
  }
  return k;
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let k = 0; k < index; k++) if (source[k] === '\n') line++;
  return line;
}

/** Every code-rule violation in one file's source. */
export function codeViolations(file: FileKind, source: string): Violation[] {
  const code = blankNonCode(source).split('\n');
  const lines = source.split('\n');
  const found: Violation[] = [];
  for (const rule of codeRules) {
    if (!rule.appliesTo(file)) continue;
    code.forEach((text, index) => {
      if (rule.pattern.test(text)) {
        found.push({
          rule: rule.name,
          path: file.path,
          line: index + 1,
          text: lines[index].trim(),
        });
      }
    });
  }
  return found;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"]+)\1/g,
  /\bimport\s*(['"])([^'"]+)\1/g,
  /\bimport\s*\(\s*(['"])([^'"]+)\1/g,
  /\brequire\s*\(\s*(['"])([^'"]+)\1/g,
];

/** Every import-rule violation in one file's source. */
export function importViolations(file: FileKind, source: string): Violation[] {
  const code = blankNonCode(source, true);
  // An import counts only if its keyword is code (not inside a string or a comment).
  const codeOnly = blankNonCode(source);
  const lines = source.split('\n');
  const found: Violation[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      if (codeOnly[match.index ?? 0] === ' ') continue;
      const problem = importProblem(file, match[2]);
      if (problem === undefined) continue;
      const line = lineOf(code, (match.index ?? 0) + match[0].length - 1);
      found.push({ rule: problem.rule, path: file.path, line, text: lines[line - 1].trim() });
    }
  }
  return found;
}

const ALIAS_WHY =
  'a clock, randomness, timer or platform global handed on under another name escapes the rules above (tidy-aliases.ts)';

/** Every use of a watched global other than a direct one (the syntax-tree rule of tidy-aliases.ts). */
export function aliasViolations(file: FileKind, source: string): Violation[] {
  const lines = source.split('\n');
  const applies = (scope: 'everywhere' | 'engine') =>
    scope === 'everywhere' || (!file.isCli && !file.isTest);
  return aliasFindings(source, applies).map(({ line }) => ({
    rule: 'global-alias',
    path: file.path,
    line,
    text: lines[line - 1].trim(),
  }));
}

/** Why each rule exists, by name, for the failure message. */
function reasonOf(rule: string, file: FileKind, text: string): string {
  if (rule === 'global-alias') return ALIAS_WHY;
  const codeRule = codeRules.find((r) => r.name === rule);
  if (codeRule !== undefined) return codeRule.why;
  const specifier = /(['"])([^'"]+)\1/.exec(text)?.[2] ?? '';
  return importProblem(file, specifier)?.why ?? '';
}

/**
 * Known violations in files this test's owner does not own, reported to their owners. Each entry
 * must still match something (a stale entry fails the test), so the list only shrinks.
 */
const KNOWN_VIOLATIONS: readonly { path: string; rule: string; note: string }[] = [];

function listTypeScript(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listTypeScript(full));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files.sort();
}

function format(v: Violation): string {
  return `${v.path}:${v.line}: [${v.rule}] ${v.text}\n    why: ${reasonOf(v.rule, kindOf(v.path), v.text)}`;
}

/** Runs every rule on a planted snippet, as if it were a file at `path`. */
function check(source: string, path = 'simulator/core/planted.ts'): string[] {
  const file = kindOf(path);
  return [
    ...codeViolations(file, source),
    ...importViolations(file, source),
    ...aliasViolations(file, source),
  ].map((v) => v.rule);
}

describe('tidy rules catch planted violations', () => {
  it('math-random: catches Math.random', () => {
    expect(check('const x = Math.random();')).toEqual(['math-random']);
  });

  it('clock: catches Date.now, Date() and performance.now', () => {
    expect(check('const t = Date.now();')).toEqual(['clock']);
    expect(check('const s = Date();')).toEqual(['clock']);
    expect(check('const t = performance.now();')).toEqual(['clock']);
  });

  it('new-date: catches new Date(...)', () => {
    expect(check('const d = new Date(0);')).toEqual(['new-date']);
  });

  it('timers: catches setTimeout, setInterval, setImmediate and queueMicrotask, but not in cli', () => {
    for (const call of [
      'setTimeout(f, 1)',
      'setInterval(f, 1)',
      'setImmediate(f)',
      'queueMicrotask(f)',
    ]) {
      expect(check(`${call};`)).toEqual(['timers']);
    }
    expect(check('setTimeout(f, 1);', 'simulator/cli/drive.ts')).toEqual([]);
  });

  it('async: catches async functions, await, Promise and dynamic import', () => {
    expect(check('async function f() {}')).toEqual(['async']);
    expect(check('const f = async () => 1;')).toEqual(['async']);
    expect(check('const f = async x => 1;')).toEqual(['async']);
    expect(check('class A { async run() {} }')).toEqual(['async']);
    expect(check('const x = await y;')).toEqual(['async']);
    expect(check('const p = Promise.resolve(1);')).toEqual(['async']);
    expect(check("const m = import('./x.ts');")).toEqual(['async']);
  });

  it('async: leaves a property or variable merely named like the keywords alone', () => {
    expect(check('const o = { async: true }; const awaiting = 1; o.await = 2;')).toEqual([]);
  });

  it('transcendental-math: catches Math.sin, Math.log, Math.pow, Math.sqrt and Math[...]', () => {
    for (const fn of ['sin(x)', 'log(x)', 'pow(x, 0.5)', 'sqrt(x)', 'exp(x)', 'hypot(x, y)']) {
      expect(check(`const y = Math.${fn};`)).toEqual(['transcendental-math']);
    }
    expect(check("const y = Math['sin'](x);")).toEqual(['transcendental-math']);
  });

  it('transcendental-math: allows the integer-exact Math functions', () => {
    const allowed = ALLOWED_MATH.map((fn) => `Math.${fn}(x);`).join('\n');
    expect(check(allowed)).toEqual([]);
  });

  it('crypto: catches crypto.getRandomValues and crypto.randomUUID', () => {
    expect(check('crypto.getRandomValues(buffer);')).toEqual(['crypto']);
    expect(check('const id = crypto.randomUUID();')).toEqual(['crypto']);
  });

  it('locale: catches localeCompare, toLocaleString and Intl', () => {
    expect(check('names.sort((a, b) => a.localeCompare(b));')).toEqual(['locale']);
    expect(check('const s = n.toLocaleString();')).toEqual(['locale']);
    expect(check("const f = new Intl.NumberFormat('en');")).toEqual(['locale']);
  });

  it('gc-dependent: catches WeakRef and FinalizationRegistry', () => {
    expect(check('const r = new WeakRef(o);')).toEqual(['gc-dependent']);
    expect(check('const r = new FinalizationRegistry(f);')).toEqual(['gc-dependent']);
  });

  it('dom: catches document, window APIs and storage, but not a streams window', () => {
    expect(check("const e = document.getElementById('x');")).toEqual(['dom']);
    expect(check("window.addEventListener('x', f);")).toEqual(['dom']);
    expect(check("localStorage.setItem('k', 'v');")).toEqual(['dom']);
    expect(check('const g = globalThis;')).toEqual(['dom']);
    expect(check('const end = window.startMs + window.sizeMs;')).toEqual([]);
  });

  it('node-globals: catches process, Buffer and require outside cli and tests', () => {
    expect(check('const v = process.env.X;')).toEqual(['node-globals']);
    expect(check("const b = Buffer.from('x');")).toEqual(['node-globals']);
    expect(check("const v = process['env'];")).toEqual(['node-globals']);
    expect(check('const v = process.env.X;', 'simulator/cli/sim.ts')).toEqual([]);
    expect(check('process(record: StreamRecord): void { this.process(record); }')).toEqual([]);
    expect(check('const v = process.env.FC_SEED;', 'simulator/log/x.test.ts')).toEqual([]);
  });

  it('node-import: catches node: imports outside cli and test code', () => {
    expect(check("import { readFileSync } from 'node:fs';")).toEqual(['node-import']);
    expect(check("import { readFileSync } from 'node:fs';", 'simulator/cli/sim.ts')).toEqual([]);
    expect(
      check("import { readFileSync } from 'node:fs';", 'simulator/test/golden.test.ts'),
    ).toEqual([]);
  });

  it('ui-import: catches svelte, @sveltejs and d3, even in tests', () => {
    expect(check("import { mount } from 'svelte';")).toEqual(['ui-import']);
    expect(check("import { scaleLinear } from 'd3';", 'simulator/x.test.ts')).toEqual([
      'ui-import',
    ]);
    expect(check("import kit from '@sveltejs/kit';")).toEqual(['ui-import']);
  });

  it('outside-import: catches relative imports that leave simulator/', () => {
    expect(check("import { grade } from '../../exercises/grader.ts';")).toEqual(['outside-import']);
    expect(check("export * from '../../site/lib/x.ts';")).toEqual(['outside-import']);
    expect(check("import { Prng } from './prng.ts';")).toEqual([]);
    expect(
      check("import type { SimRecord } from '../core/types.ts';", 'simulator/log/x.ts'),
    ).toEqual([]);
  });

  it('cli-import: catches engine code importing simulator/cli/', () => {
    expect(
      check("import { readTextFile } from '../cli/node-files.ts';", 'simulator/scenario/x.ts'),
    ).toEqual(['cli-import']);
    expect(
      check("import { readTextFile } from './node-files.ts';", 'simulator/cli/sim.ts'),
    ).toEqual([]);
  });

  it('package-import: allows only listed packages, and the test packages only in tests', () => {
    expect(check("import { z } from 'zod';")).toEqual([]);
    expect(check("import { createMachine } from 'xstate';")).toEqual([]);
    expect(check("import _ from 'lodash';")).toEqual(['package-import']);
    expect(check("import { it } from 'vitest';")).toEqual(['package-import']);
    expect(check("import { it } from 'vitest';", 'simulator/log/x.test.ts')).toEqual([]);
    expect(check("import fs from 'fs';", 'simulator/cli/sim.ts')).toEqual(['package-import']);
  });

  it('reads code only: comments, strings and regular expressions do not count', () => {
    const source = [
      '// never call Math.random or Date.now here',
      '/* await Promise.all(setTimeout) */',
      "const message = 'await the ack from window.document';",
      'const text = `no Math.sin in ${label} either`;',
      'const re = /Math\\.random|"/g;',
      "const ok = 'it\\'s fine'; const half = total / 2; const r = a / b / c;",
    ].join('\n');
    expect(check(source)).toEqual([]);
  });

  it('sees code inside template substitutions', () => {
    expect(check('const s = `at ${Date.now()} ms`;')).toEqual(['clock']);
  });

  it('ignores imports in comments but sees multi-line imports', () => {
    expect(check("// import x from 'node:fs';")).toEqual([]);
    expect(check("import {\n  a,\n  b,\n} from 'node:fs';")).toEqual(['node-import']);
  });

  it('global-alias: catches a global handed on under another name, which the text rules cannot follow', () => {
    expect(check('const { random } = Math;\nconst r = random();')).toEqual(['global-alias']);
    expect(check('const Clock = Date;\nconst t = Clock.now();')).toEqual(['global-alias']);
    expect(check('const r = (0, Math).random();')).toEqual(['global-alias']);
    expect(check('const m = Math as unknown as { random(): number };')).toEqual(['global-alias']);
    expect(check('schedule(crypto);')).toEqual(['global-alias']);
    expect(check('const { now } = performance;')).toEqual(['global-alias']);
    expect(check('const format = Intl;')).toEqual(['global-alias']);
    expect(check('const env = process;')).toEqual(['global-alias']);
  });

  it('global-alias: leaves direct uses to the text rules, and types, property names and local bindings alone', () => {
    expect(check('const x = Math.floor(y) + Math.max(a, b);')).toEqual([]);
    expect(check('let d: Date | null = null; type M = typeof Math;')).toEqual([]);
    expect(check('const o = { Date: 1, Math: 2 }; o.Date = 3; const { Math: m } = o;')).toEqual([]);
    expect(check('function f(window: { startMs: number }) { return window; }')).toEqual([]);
    expect(check('const alias = process;', 'simulator/cli/sim.ts')).toEqual([]);
    expect(check('const env = process;', 'simulator/log/x.test.ts')).toEqual([]);
  });

  it('names the line of each violation', () => {
    const violations = codeViolations(
      kindOf('simulator/core/x.ts'),
      'const a = 1;\n\nconst t = Date.now();',
    );
    expect(violations.map((v) => `${v.path}:${v.line}`)).toEqual(['simulator/core/x.ts:3']);
  });
});

describe('tidy', () => {
  it('finds no violations in the simulator sources', () => {
    const found: Violation[] = [];
    const scanned: string[] = [];
    for (const full of listTypeScript(simulatorRoot)) {
      const file = kindOf(relative(repoRoot, full).split(sep).join('/'));
      scanned.push(file.path);
      const source = readFileSync(full, 'utf8');
      found.push(
        ...codeViolations(file, source),
        ...importViolations(file, source),
        ...aliasViolations(file, source),
      );
    }
    // The walk reaches nested folders and includes this very file.
    expect(scanned).toContain('simulator/core/prng.ts');
    expect(scanned).toContain('simulator/test/tidy.test.ts');
    const known = (v: Violation) =>
      KNOWN_VIOLATIONS.some((k) => k.path === v.path && k.rule === v.rule);
    const stale = KNOWN_VIOLATIONS.filter(
      (k) => !found.some((v) => k.path === v.path && k.rule === v.rule),
    );
    const byPlace = (a: Violation, b: Violation) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line ||
      (a.rule < b.rule ? -1 : 1);
    const report = found
      .filter((v) => !known(v))
      .sort(byPlace)
      .map(format);
    expect(report, `\n${report.join('\n')}\n`).toEqual([]);
    expect(
      stale,
      'known violations that no longer occur: remove them from KNOWN_VIOLATIONS',
    ).toEqual([]);
  });
});
