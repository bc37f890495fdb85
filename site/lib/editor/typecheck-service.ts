import ts from 'typescript';
import type { EditorDiagnostic } from './editor-diagnostics.ts';

/**
 * Type-checks a learner's file against the simulator's sources in a virtual file system, with
 * one TypeScript LanguageService kept between checks: only the learner's file changes version,
 * so a re-check reuses the parsed lib and simulator files and the old program. No `fs`, no
 * clock: the worker feeds it file texts, and Node tests feed it the same texts from disk.
 *
 * Simplification: files are only the ones handed in (the ES2022 libs and simulator sources); a
 * bare import such as `zod` inside a simulator file does not resolve, so the types that come
 * from it are `any`. Only the learner's file is reported, so that never shows.
 */

/** Where the lib files live in the virtual file system. */
const LIB_DIR = '/typescript-lib/';

/** The repository's compiler options (tsconfig.json), plus what a learner's file needs. */
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  allowImportingTsExtensions: true,
  // What transpile.ts refuses, the editor marks as the learner types.
  erasableSyntaxOnly: true,
  skipLibCheck: true,
  noEmit: true,
  // No @types: submissions run without Node or the DOM.
  types: [],
};

/** The path of the learner's file for an exercise, so `../../simulator/...` imports resolve. */
export function learnerPath(exerciseId: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(exerciseId)) throw new Error(`bad exercise id "${exerciseId}"`);
  return `/exercises/${exerciseId}/starter.ts`;
}

/** Normalize a relative import from `fromPath` into an absolute virtual path (`.` and `..`). */
export function resolveImport(fromPath: string, specifier: string): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const parts = fromPath.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/') || '/';
}

/** The relative imports of a file, resolved to the virtual paths that could hold them. */
export function importCandidates(path: string, source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  const candidates: string[] = [];
  for (const imported of info.importedFiles) {
    const resolved = resolveImport(path, imported.fileName);
    if (resolved === null) continue;
    if (resolved.endsWith('.ts')) candidates.push(resolved);
    else candidates.push(`${resolved}.ts`, `${resolved}/index.ts`);
  }
  return candidates;
}

/** A LanguageService over `libFiles` (file name → text) and the files added later. */
export class TypeChecker {
  private readonly files = new Map<string, { text: string; version: number }>();
  private readonly service: ts.LanguageService;

  constructor(libFiles: Readonly<Record<string, string>>) {
    for (const name of Object.keys(libFiles))
      this.files.set(LIB_DIR + name, { text: libFiles[name], version: 0 });
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => OPTIONS,
      getScriptFileNames: () => [...this.files.keys()].filter((p) => p.startsWith('/exercises/')),
      getScriptVersion: (path) => String(this.files.get(path)?.version ?? -1),
      getScriptSnapshot: (path) => {
        const file = this.files.get(path);
        return file ? ts.ScriptSnapshot.fromString(file.text) : undefined;
      },
      getCurrentDirectory: () => '/',
      getDefaultLibFileName: () => `${LIB_DIR}lib.es2022.d.ts`,
      fileExists: (path) => this.files.has(path),
      readFile: (path) => this.files.get(path)?.text,
      directoryExists: (path) =>
        [...this.files.keys()].some((p) => p.startsWith(path.endsWith('/') ? path : `${path}/`)),
      getDirectories: () => [],
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** Whether the virtual file system has this path. */
  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Put a file (a simulator source) into the virtual file system. */
  addFile(path: string, text: string): void {
    const old = this.files.get(path);
    if (old?.text === text) return;
    this.files.set(path, { text, version: (old?.version ?? 0) + 1 });
  }

  /** The learner's diagnostics for `source` at `path` (syntax first, then types). */
  check(path: string, source: string): EditorDiagnostic[] {
    // Only one learner file at a time: another exercise's file would join the program.
    for (const other of [...this.files.keys()])
      if (other.startsWith('/exercises/') && other !== path) this.files.delete(other);
    this.addFile(path, source);
    const found = [
      ...this.service.getSyntacticDiagnostics(path),
      ...this.service.getSemanticDiagnostics(path),
    ];
    return found.map((d) => toEditorDiagnostic(d, source.length));
  }
}

function toEditorDiagnostic(d: ts.Diagnostic, length: number): EditorDiagnostic {
  const from = Math.min(d.start ?? 0, length);
  const to = Math.min(from + (d.length ?? 0), length);
  const severity =
    d.category === ts.DiagnosticCategory.Error
      ? 'error'
      : d.category === ts.DiagnosticCategory.Warning
        ? 'warning'
        : 'info';
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  return { from, to, severity, message, source: `ts(${d.code})` };
}

/**
 * Add to `checker` every file that `source` (at `path`) imports, transitively, asking `load` for
 * the ones it lacks (a lazy glob in the worker, the disk in tests). Candidates `load` does not
 * have are skipped: the check then reports the import the learner got wrong.
 */
export async function loadImports(
  checker: TypeChecker,
  path: string,
  source: string,
  load: (path: string) => Promise<string | undefined>,
): Promise<void> {
  const asked = new Set<string>();
  let wanted = importCandidates(path, source);
  while (wanted.length > 0) {
    const fresh = wanted.filter((p) => !checker.has(p) && !asked.has(p));
    for (const p of fresh) asked.add(p);
    const texts = await Promise.all(fresh.map((p) => load(p)));
    wanted = [];
    fresh.forEach((p, i) => {
      const text = texts[i];
      if (text === undefined) return;
      checker.addFile(p, text);
      wanted.push(...importCandidates(p, text));
    });
  }
}
