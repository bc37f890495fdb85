import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioError } from './load.ts';

/** A scenario with a serverless side; tests change one thing at a time. */
function base(): Record<string, unknown> {
  return {
    name: 'serverless',
    seed: 7,
    durationMs: 1000,
    topics: [{ name: 'views', partitions: 2 }],
    producers: [{ id: 'web', workload: { generators: [{ topic: 'views', count: 5 }] } }],
    serverless: {
      functions: [{ name: 'count', handler: 'countPageViewsNaive' }],
      triggers: [{ function: 'count', topic: 'views' }],
    },
    faults: [
      { at: 100, kind: 'invocationCrash', target: 'count', point: 'afterDbWriteBeforeEmit' },
    ],
  };
}

function errorsOf(input: unknown): [string, string][] {
  const result = parseScenario(JSON.stringify(input));
  if (result.ok) return [];
  return result.errors.map((e: ScenarioError) => [e.path, e.message]);
}

describe('scenario files with serverless functions', () => {
  it('accepts serverless functions, their triggers and serverless faults', () => {
    const result = parseScenario(JSON.stringify(base()));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.scenario.serverless?.functions[0].timeoutMs).toBe(3000);
    expect(result.scenario.faults[0]).toMatchObject({ kind: 'invocationCrash', count: 1 });
  });

  it('refuses a library handler option outside its choices before anything runs', () => {
    const input = base();
    (input.serverless as Record<string, unknown>).functions = [
      { name: 'count', handler: 'processMessages', handlerOptions: { onFailure: 'sometimes' } },
    ];
    expect(errorsOf(input)).toEqual([
      [
        '/serverless/functions/0/handlerOptions',
        'handler option "onFailure" must be "report" or "throw"',
      ],
    ]);
  });

  it('names the fault whose function does not exist', () => {
    const input = { ...base(), faults: [{ at: 1, kind: 'instanceCrash', target: 'cnt' }] };
    expect(errorsOf(input)).toEqual([
      ['/faults/0/target', 'instanceCrash names unknown function "cnt" (declared: count)'],
    ]);
  });

  it('names a database fault that targets a function instead of the database', () => {
    const input = { ...base(), faults: [{ at: 1, kind: 'dbLostReply', target: 'count' }] };
    expect(errorsOf(input)).toEqual([
      ['/faults/0/target', 'dbLostReply names unknown database "count" (declared: db)'],
    ]);
  });

  it('refuses a platform id that a producer already uses', () => {
    const input = base();
    (input.serverless as Record<string, unknown>).platformId = 'web';
    expect(errorsOf(input)).toEqual([
      ['/serverless/platformId', 'actor id "web" is already used at /producers/0'],
    ]);
  });

  it('lets two designs reuse an instance id, but a fault must name something some design has', () => {
    const design = (name: string) => ({
      name,
      statefulFunctions: [
        {
          id: `app-${name}`,
          instances: ['fn-1'],
          ingress: [{ topic: 'views', functionType: 'user' }],
          egress: ['views'],
          functions: [{ type: 'user', builtin: 'countPerId', params: { output: 'views' } }],
        },
      ],
      output: { topic: 'views' },
    });
    const input = { ...base(), designs: [design('a'), design('b')] };
    expect(errorsOf(input)).toEqual([]);
    const crashing = { ...input, faults: [{ at: 1, kind: 'crash', target: 'fn-2' }] };
    expect(errorsOf(crashing)[0][0]).toBe('/faults/0/target');
  });

  it('names a trigger on an unknown topic or function, and an unknown handler', () => {
    const input = base();
    const serverless = input.serverless as Record<string, unknown>;
    serverless.functions = [{ name: 'count', handler: 'countViewsMagic' }];
    serverless.triggers = [{ function: 'counter', topic: 'view' }];
    input.faults = [];
    expect(errorsOf(input)).toEqual([
      [
        '/serverless/functions/0/handler',
        expect.stringMatching(
          /^unknown handler "countViewsMagic" \(the library has: countPageViewsNaive, /,
        ),
      ],
      ['/serverless/triggers/0/function', 'unknown function "counter" (declared: count)'],
      ['/serverless/triggers/0/topic', 'unknown topic "view" (declared: views)'],
    ]);
  });

  it('names a repeated design name and an output table the design does not declare', () => {
    const design = {
      name: 'a',
      serverless: { database: { tables: [{ name: 'counts' }] } },
      output: { table: 'count' },
    };
    const input = {
      ...base(),
      designs: [design, { ...design, serverless: undefined, output: { topic: 'views' } }],
    };
    expect(errorsOf(input)).toEqual([
      [
        '/designs/0/output/table',
        'unknown table "count" (this design\'s database declares: counts)',
      ],
      ['/designs/1/name', 'design "a" is already named at /designs/0'],
    ]);
  });
});
