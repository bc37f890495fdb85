import ts from 'typescript';

/**
 * The tidy rule that regular expressions cannot enforce: a global that makes a run depend on more
 * than its scenario and seed (`Math`, `Date`, `performance`, `crypto`, ...) may be used only
 * directly, where the text rules judge the use (`Math.floor(x)` passes, `Math.random()` fails). Any
 * other use hands the global on under another name (`const { random } = Math`, `const Clock =
 * Date`, `(0, Math).random()`, `f(performance)`), and is refused here, on the syntax tree: what
 * is refused is the escape, whatever it is later called.
 *
 * A file that declares a binding of the same name (a streams `window`, a `process` method) uses
 * its own, not the global: such names are skipped in that file.
 */

/** Globals whose direct uses the text rules check; name → the files it applies to. */
export const WATCHED_GLOBALS: Readonly<Record<string, 'everywhere' | 'engine'>> = {
  // The text rules catch these only as `Name.member` or `Name(...)`; a bare mention is an alias.
  // (Timers, Promise, WeakRef, FinalizationRegistry and globalThis are refused at any mention.)
  Math: 'everywhere',
  Date: 'everywhere',
  performance: 'everywhere',
  crypto: 'everywhere',
  Intl: 'everywhere',
  window: 'everywhere',
  document: 'everywhere',
  localStorage: 'everywhere',
  sessionStorage: 'everywhere',
  indexedDB: 'everywhere',
  navigator: 'everywhere',
  process: 'engine',
  Buffer: 'engine',
};

export interface AliasFinding {
  /** The global handed on. */
  name: string;
  /** 1-based. */
  line: number;
}

/** Every use of a watched global, in `source`, other than as the direct target of `.x`, `[x]`, a call or `new`. */
export function aliasFindings(
  source: string,
  applies: (scope: 'everywhere' | 'engine') => boolean,
): AliasFinding[] {
  const file = ts.createSourceFile('file.ts', source, ts.ScriptTarget.Latest, true);
  const declared = declaredNames(file);
  const found: AliasFinding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isWatched(node, declared, applies) && escapes(node)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push({ name: node.text, line: line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isWatched(
  id: ts.Identifier,
  declared: ReadonlySet<string>,
  applies: (scope: 'everywhere' | 'engine') => boolean,
): boolean {
  const scope = WATCHED_GLOBALS[id.text];
  return scope !== undefined && applies(scope) && !declared.has(id.text) && isValueReference(id);
}

/** Whether the identifier names a value (not a property name, a type, or a declaration). */
function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) || ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent))
    return false;
  if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent)) {
    return (
      parent.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(parent.parent.parent)
    );
  }
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent) ||
      ts.isEnumMember(parent)) &&
    parent.name === id
  )
    return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isLabeledStatement(parent))
    return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  return true;
}

/** A direct use (`Math.floor`, `Math['x']`, `setTimeout(...)`, `new Date()`) stays for the text rules. */
function escapes(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (
    (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
    parent.expression === id
  )
    return false;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === id)
    return false;
  return true;
}

/** Every name the file binds itself (variables, parameters, functions, classes, imports, ...). */
function declaredNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name;
    const binds =
      ts.isVariableDeclaration(node) ||
      ts.isParameter(node) ||
      ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isImportClause(node) ||
      ts.isNamespaceImport(node) ||
      ts.isImportSpecifier(node) ||
      ts.isBindingElement(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isClassExpression(node);
    if (binds && name && ts.isIdentifier(name)) names.add(name.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}
