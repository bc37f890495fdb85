import ts from 'typescript';

/**
 * One transpiler for the page and the command line ("the same grade everywhere"): TypeScript's
 * own `transpileModule` turns a submission into CommonJS for the sandbox. This module imports
 * nothing but `typescript` and its TypeScript-free helpers, reads no files and no clock, so Node
 * and a browser worker run the same code on the same input and get byte-identical output.
 *
 * Only type stripping is allowed: constructs that TypeScript would have to transform into new
 * runtime code (enums, namespaces with values, parameter properties, `import x =`, `export =`,
 * decorators) are refused with a message, as TypeScript's `erasableSyntaxOnly` does in a full
 * check (transpileModule itself never reports those, so this module looks for them).
 */

// The helpers a page needs without TypeScript live apart; they are re-exported for Node callers.
export {
  learnerLine,
  learnerLineOfError,
  notTypeScriptMessage,
  stackPosition,
} from './learner-lines.ts';

/** The submission as CommonJS, or where and why it could not be transpiled. */
export type TranspileResult =
  | {
      /** Transpiled. */
      ok: true;
      /** CommonJS (ES2022) text, without a source-map comment. */
      code: string;
      /** `lineMap[i]` is the learner's 1-based line for the code's 1-based line `i + 1`, or null. */
      lineMap: (number | null)[];
    }
  | {
      /** Refused. */
      ok: false;
      /** What is wrong, in TypeScript's words or ours. */
      message: string;
      /** 1-based line in the learner's source. */
      line: number;
      /** 1-based column in the learner's source. */
      column: number;
    };

/** The name the submission has in diagnostics and in the source map. */
const FILE_NAME = 'submission.ts';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  sourceMap: true,
  // The emitted text must not depend on anything but the source: no helpers imported from tslib,
  // no `newLine` taken from the host's platform.
  newLine: ts.NewLineKind.LineFeed,
  importHelpers: false,
  removeComments: false,
};

/** Strip the types of a learner's TypeScript and give CommonJS, or the first error with its place. */
export function transpileSubmission(source: string): TranspileResult {
  const output = ts.transpileModule(source, {
    compilerOptions: COMPILER_OPTIONS,
    fileName: FILE_NAME,
    reportDiagnostics: true,
  });
  const first = output.diagnostics?.find((d) => d.file !== undefined && d.start !== undefined);
  if (first) return refusal(first.file!, first.start!, flatten(first.messageText));
  const notErasable = findNonErasable(source);
  if (notErasable) return notErasable;
  const code = output.outputText.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  return { ok: true, code, lineMap: lineMapOf(output.sourceMapText ?? '', code) };
}

function flatten(text: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(text, '\n');
}

function refusal(file: ts.SourceFile, start: number, message: string): TranspileResult {
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  return { ok: false, message, line: line + 1, column: character + 1 };
}

/** Why a construct is refused, by the kind of node that carries it. */
function nonErasableReason(node: ts.Node): string | null {
  if (ts.isEnumDeclaration(node) && !isAmbient(node))
    return 'An enum needs more than type stripping: use a union of string literals or a const object';
  if (ts.isModuleDeclaration(node) && !isAmbient(node) && !isTypesOnly(node))
    return 'A namespace with values needs more than type stripping: use plain exports or an object';
  if (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent) && isParameterProperty(node))
    return 'A parameter property needs more than type stripping: declare the field and assign it in the constructor';
  if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly)
    return '`import x = ...` needs more than type stripping: use `import` or `import type`';
  if (ts.isExportAssignment(node) && node.isExportEquals)
    return '`export =` needs more than type stripping: use `export`';
  if (ts.isDecorator(node))
    return 'Decorators need more than type stripping and are not supported in submissions';
  return null;
}

function hasModifier(node: ts.Node, kinds: readonly ts.SyntaxKind[]): boolean {
  if (!ts.canHaveModifiers(node)) return false;
  return ts.getModifiers(node)?.some((m) => kinds.includes(m.kind)) ?? false;
}

function isAmbient(node: ts.Node): boolean {
  return hasModifier(node, [ts.SyntaxKind.DeclareKeyword]);
}

function isParameterProperty(node: ts.ParameterDeclaration): boolean {
  const { PublicKeyword, PrivateKeyword, ProtectedKeyword, ReadonlyKeyword, OverrideKeyword } =
    ts.SyntaxKind;
  return hasModifier(node, [
    PublicKeyword,
    PrivateKeyword,
    ProtectedKeyword,
    ReadonlyKeyword,
    OverrideKeyword,
  ]);
}

/** A namespace that holds only types (and such namespaces) emits nothing, like an interface. */
function isTypesOnly(node: ts.ModuleDeclaration): boolean {
  const body = node.body;
  if (body === undefined) return true;
  if (ts.isModuleDeclaration(body)) return isTypesOnly(body);
  if (!ts.isModuleBlock(body)) return true;
  return body.statements.every(
    (s) =>
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      isAmbient(s) ||
      (ts.isModuleDeclaration(s) && isTypesOnly(s)),
  );
}

/** The first construct (in source order) that type stripping alone cannot remove. */
function findNonErasable(source: string): TranspileResult | null {
  const file = ts.createSourceFile(FILE_NAME, source, ts.ScriptTarget.ES2022, true);
  let found: TranspileResult | null = null;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const reason = nonErasableReason(node);
    if (reason) {
      found = refusal(file, node.getStart(file), reason);
      return;
    }
    // Anything inside `declare` is types only.
    if (isAmbient(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Each generated line's original line, from a version-3 source map: the line of the first
 * segment that names a source position (VLQ fields: column, source, line, column, name).
 */
function lineMapOf(sourceMapText: string, code: string): (number | null)[] {
  const lineCount = code.endsWith('\n') ? code.split('\n').length - 1 : code.split('\n').length;
  const result: (number | null)[] = new Array<number | null>(lineCount).fill(null);
  if (sourceMapText === '') return result;
  const mappings = (JSON.parse(sourceMapText) as { mappings: string }).mappings;
  let originalLine = 0;
  mappings.split(';').forEach((line, index) => {
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      if (fields.length < 4) continue;
      originalLine += fields[2];
      if (index < lineCount && result[index] === null) result[index] = originalLine + 1;
      // Every segment's relative line counts, including the later ones on this line.
    }
  });
  return result;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}
