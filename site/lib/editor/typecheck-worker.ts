import { transpileSubmission } from '../../../exercises/grader/transpile.ts';
import { libFiles } from './lib-files.ts';
import type { TypeCheckRequest, TypeCheckResponse } from './typecheck-protocol.ts';
import { TypeChecker, learnerPath, loadImports } from './typecheck-service.ts';

/**
 * The type-check worker: TypeScript's compiler off the page's thread, loaded only by pages that
 * create a TypeCheckClient. Simulator sources are fetched lazily, one chunk per file, only as
 * the learner's imports reach them (the handler API pulls in about a dozen of ~150 files).
 */
const simulatorSources = import.meta.glob(
  ['/simulator/**/*.ts', '!/simulator/**/*.test.ts', '!/simulator/cli/**'],
  { query: '?raw', import: 'default' },
) as Record<string, () => Promise<string>>;

const load = (path: string): Promise<string | undefined> =>
  Object.hasOwn(simulatorSources, path) ? simulatorSources[path]() : Promise.resolve(undefined);

// The site's types are the page's (lib.dom); a worker's global scope is typed by hand here.
const scope = self as unknown as {
  onmessage: ((message: MessageEvent<TypeCheckRequest>) => void) | null;
  postMessage(message: TypeCheckResponse): void;
};

let checker: TypeChecker | null = null;
// Requests are answered one after the other: a check waits for files, and two checks must not
// interleave their edits of the one learner file.
let queue: Promise<void> = Promise.resolve();

async function answer(request: TypeCheckRequest): Promise<TypeCheckResponse> {
  if (request.kind === 'transpile')
    return { id: request.id, kind: 'transpile', result: transpileSubmission(request.source) };
  checker ??= new TypeChecker(libFiles);
  const path = learnerPath(request.exerciseId);
  await loadImports(checker, path, request.source, load);
  return { id: request.id, kind: 'check', diagnostics: checker.check(path, request.source) };
}

scope.onmessage = (message) => {
  const request = message.data;
  queue = queue.then(async () => {
    try {
      scope.postMessage(await answer(request));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      scope.postMessage({ id: request.id, kind: 'failed', message: text });
    }
  });
};
