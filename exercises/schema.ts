import { z } from 'zod';

/**
 * The exercise format, as zod schemas: the ordered manifest, each exercise's `.meta/config.json`
 * (exercism's contract: authors, files, the exported name) and its case files. `parseOrExplain`
 * turns zod's issues into lines that name the path of what is wrong (`cases[2].faults[0].at`).
 */

const id = z
  .string()
  .regex(/^[0-9]{2}-[a-z0-9-]+$/, 'an exercise id is a two-digit number and kebab-case words');

export const manifestSchema = z.strictObject({
  /** Format version of the manifest. */
  version: z.literal(1),
  /** The exercises, in the order the workbook presents them. */
  exercises: z
    .array(
      z.strictObject({
        /** The folder name under exercises/. */
        id,
        /** The title shown to learners. */
        title: z.string().min(1),
        /** The chapter the exercise belongs to (a route of the site). */
        chapter: z.string().regex(/^\/chapters\/[a-z0-9-]+$/),
      }),
    )
    .min(1),
});

export const metaSchema = z.strictObject({
  /** Who wrote the exercise. */
  authors: z.array(z.string().min(1)).min(1),
  /** The files of the exercise, by role (paths relative to the exercise folder). */
  files: z.strictObject({
    solution: z.array(z.string()).min(1),
    exemplar: z.array(z.string()).min(1),
    test: z.array(z.string()).min(1),
  }),
  /** One sentence saying what the exercise teaches. */
  blurb: z.string().min(1),
  /**
   * What the learner writes: a function handler (the serverless handler API), or a Kafka Streams
   * topology as DSL operators (`simulator/streams/topology-schema.ts`); `workflow`, a durable
   * handler (`simulator/durable/handler.ts`); `consumer`, a record key and the code a consumer
   * group's members run (`simulator/log/consumer-app.ts`); `query`, the query side's answer to a
   * client's query (`simulator/eventsourcing/query-api.ts`).
   */
  kind: z.enum(['handler', 'topology', 'workflow', 'consumer', 'query']),
  /** The name the submission must export. */
  export: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/),
  /** After how many failing attempts the reference may be revealed (0: only after a pass). */
  revealReferenceAfterAttempts: z.int().min(0).default(0),
});

/** A fault as plain data; each exercise's grader checks it against the simulator's fault schema. */
const faultSchema = z.looseObject({ at: z.int().min(0), kind: z.string().min(1) });

export const caseSchema = z.strictObject({
  /** A short sentence naming the case (shown for visible cases). */
  name: z.string().min(1),
  /** Points for passing it. */
  weight: z.number().positive(),
  /** The seeds it runs with; it passes only if every seed passes. */
  seeds: z.array(z.int().min(0)).min(1),
  /** The exercise-specific workload (each exercise's grader reads its own fields). */
  workload: z.record(z.string(), z.json()),
  /** The fault schedule. */
  faults: z.array(faultSchema).default([]),
});

export const caseFileSchema = z.strictObject({
  /** The cases, in the order they are reported. */
  cases: z.array(caseSchema).min(1),
});

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestEntry = Manifest['exercises'][number];
export type ExerciseMeta = z.output<typeof metaSchema>;
export type ExerciseCase = z.output<typeof caseSchema>;

/** The path of an issue as `a.b[2].c`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Parse `data` or throw an Error whose lines say `FILE: path: problem`, one per issue. */
export function parseOrExplain<T extends z.ZodType>(
  schema: T,
  data: unknown,
  file: string,
): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${file}: ${issuePath(i.path)}: ${i.message}`);
  throw new Error(lines.join('\n'));
}
