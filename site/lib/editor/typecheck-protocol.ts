import type { TranspileResult } from '../../../exercises/grader/transpile.ts';
import type { EditorDiagnostic } from './editor-diagnostics.ts';

/** What the page asks the type-check worker. */
export type TypeCheckRequest =
  | {
      /** Matches the answer to the question. */
      id: number;
      /** Type-check the learner's file of an exercise. */
      kind: 'check';
      /** The exercise's folder name (`01-count-page-views`). */
      exerciseId: string;
      /** The learner's TypeScript. */
      source: string;
    }
  | {
      /** Matches the answer to the question. */
      id: number;
      /** Transpile the learner's file with exercises/grader/transpile.ts. */
      kind: 'transpile';
      /** The learner's TypeScript. */
      source: string;
    };

/** What the worker answers. */
export type TypeCheckResponse =
  | {
      /** The request's id. */
      id: number;
      /** A check's answer. */
      kind: 'check';
      /** The learner's file's diagnostics. */
      diagnostics: EditorDiagnostic[];
    }
  | {
      /** The request's id. */
      id: number;
      /** A transpile's answer. */
      kind: 'transpile';
      /** transpileSubmission's result. */
      result: TranspileResult;
    }
  | {
      /** The request's id. */
      id: number;
      /** The worker failed on this request (a bug, not the learner's error). */
      kind: 'failed';
      /** What went wrong. */
      message: string;
    };
