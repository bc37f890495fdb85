import { describe, expect, it } from 'vitest';
import { formatErrors, parseScenario } from './load.ts';
import { renderScenarioJsonSchema, scenarioJsonSchema, scenarioSchemaId } from './json-schema.ts';
import { scenarioSchemaFile } from '../cli/write-schema.ts';
import { listFiles, readTextFile } from '../cli/node-files.ts';

const scenariosFolder = new URL('../scenarios/', import.meta.url);

describe('the published JSON Schema', () => {
  it('is up to date with the zod schema (if not: run npm run schema)', () => {
    const committed = readTextFile(scenarioSchemaFile);
    const fresh = renderScenarioJsonSchema();
    if (committed !== fresh) {
      throw new Error(
        'simulator/scenario/scenario.schema.json is stale: run `npm run schema` and commit it',
      );
    }
    expect(committed).toBe(fresh);
  });

  it('is draft 2020-12 with an $id and a title, and refuses unknown fields', () => {
    const schema = scenarioJsonSchema();
    expect(Object.keys(schema).slice(0, 3)).toEqual(['$schema', '$id', 'title']);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(scenarioSchemaId);
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes the input: fields with defaults are optional', () => {
    const required = scenarioJsonSchema().required as string[];
    expect([...required].sort()).toEqual(['durationMs', 'name', 'seed', 'topics']);
  });
});

describe('the scenario files', () => {
  it('the loader accepts a minimal scenario that uses the published schema', () => {
    const minimal = {
      $schema: '../scenario/scenario.schema.json',
      name: 'minimal',
      seed: 1,
      durationMs: 100,
      topics: [{ name: 'orders' }],
      producers: [{ id: 'p1', workload: { records: [{ atMs: 0, topic: 'orders', key: 'k' }] } }],
    };
    const result = parseScenario(JSON.stringify(minimal));
    expect(result.ok ? [] : formatErrors(result.errors)).toEqual([]);
    expect(new URL(minimal.$schema, scenariosFolder).href).toBe(scenarioSchemaFile.href);
  });

  for (const name of listFiles(scenariosFolder, '.json')) {
    it(`${name} is a valid scenario whose $schema points at the published schema`, () => {
      const text = readTextFile(new URL(name, scenariosFolder));
      const result = parseScenario(text, name);
      expect(result.ok ? '' : formatErrors(result.errors, name)).toBe('');
      const declared = (JSON.parse(text) as { $schema?: string }).$schema;
      if (declared !== undefined) {
        expect(new URL(declared, scenariosFolder).href).toBe(scenarioSchemaFile.href);
      }
    });
  }
});
