import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { serverlessFaultSchema, serverlessSchema } from './schema.ts';

/** The configuration schemas the scenario schema will include. */

/** Paths of every property in a JSON Schema that has no description. */
function undescribed(schema: unknown, path = ''): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const out: string[] = [];
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [name, child] of Object.entries(properties ?? {})) {
    if (typeof child.description !== 'string') out.push(`${path}.${name}`);
    out.push(...undescribed(child, `${path}.${name}`));
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf']) {
    const value = node[key];
    const list = Array.isArray(value) ? value : value ? [value] : [];
    list.forEach((v, i) => out.push(...undescribed(v, `${path}[${key}${i}]`)));
  }
  return out;
}

describe('serverless configuration', () => {
  it('defaults to what AWS documents: Kafka batching, retries, Lambda memory and timeout', () => {
    const config = serverlessSchema.parse({
      functions: [{ name: 'f', handler: 'countPageViewsNaive' }],
      triggers: [{ function: 'f', topic: 't' }],
    });
    expect(config.triggers[0]).toMatchObject({
      batchSize: 100,
      maximumBatchingWindowMs: 500,
      parallelizationFactor: 1,
      bisectBatchOnFunctionError: false,
      maximumRetryAttempts: -1,
      maximumRecordAgeMs: -1,
      functionResponseTypes: [],
      startingPosition: 'TRIM_HORIZON',
    });
    expect(config.functions[0]).toMatchObject({
      memoryMb: 128,
      timeoutMs: 3000,
      reservedConcurrency: null,
    });
    expect(config.functions[0].dbClient.maxAttempts).toBe(3);
    expect(config.concurrencyLimit).toBe(1000);
    expect(config.prices).toEqual({
      requestUsd: 0.0000002,
      gbSecondUsd: 0.0000166667,
      readUnitUsd: 0.000000125,
      writeUnitUsd: 0.000000625,
    });
  });

  it('names the field that is wrong, and refuses unknown fields', () => {
    const wrong = serverlessSchema.safeParse({
      triggers: [
        {
          function: 'f',
          topic: 't',
          batchSize: 0,
          destinationConfig: { onFailure: { destination: 'sqs://q' } },
        },
      ],
      functions: [{ name: 'f', handler: 'h', memory: 256 }],
    });
    expect(wrong.success).toBe(false);
    const paths = wrong.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'triggers.0.batchSize',
        'triggers.0.destinationConfig.onFailure.destination',
        'functions.0',
      ]),
    );
  });

  it('reads faults as plain data with defaults', () => {
    expect(
      serverlessFaultSchema.parse({
        at: 5,
        kind: 'invocationCrash',
        target: 'f',
        point: 'beforeDbWrite',
      }),
    ).toEqual({
      at: 5,
      kind: 'invocationCrash',
      target: 'f',
      point: 'beforeDbWrite',
      count: 1,
    });
    expect(
      serverlessFaultSchema.safeParse({
        at: 5,
        kind: 'invocationCrash',
        target: 'f',
        point: 'midway',
      }).success,
    ).toBe(false);
  });

  it('describes every field in the JSON Schema it generates', () => {
    for (const schema of [serverlessSchema, serverlessFaultSchema]) {
      expect(undescribed(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }))).toEqual(
        [],
      );
    }
  });
});
