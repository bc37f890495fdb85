import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';

/** A valid stateful-functions scenario; each test breaks one name in it. */
function statefun(change: (app: Record<string, unknown>) => void = () => {}) {
  const app: Record<string, unknown> = {
    id: 'views',
    instances: ['fn-1'],
    ingress: [{ topic: 'page-views', functionType: 'user' }],
    egress: ['views-per-user'],
    functions: [
      { type: 'user', builtin: 'countPerId', params: { output: 'views-per-user' } },
      { type: 'relay', builtin: 'forwardTo', params: { type: 'user' } },
    ],
  };
  change(app);
  return {
    name: 'statefun',
    seed: 1,
    durationMs: 500,
    topics: [{ name: 'page-views' }, { name: 'views-per-user' }],
    statefulFunctions: [app],
  };
}

function problems(input: unknown): string[] {
  const result = parseScenario(JSON.stringify(input, null, 2));
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('stateful functions: every name refers to something declared', () => {
  it('accepts an application whose ingress, egress and functions agree', () => {
    expect(problems(statefun())).toEqual([]);
  });

  it('refuses an ingress routed to a function type nobody declares', () => {
    const input = statefun((app) => (app.ingress = [{ topic: 'page-views', functionType: 'usr' }]));
    expect(problems(input)).toEqual([
      '/statefulFunctions/0/ingress/0/functionType: unknown function type "usr" (declared: user, relay)',
    ]);
  });

  it('refuses a function that emits to a topic missing from the egress, an empty egress included', () => {
    expect(problems(statefun((app) => (app.egress = [])))).toEqual([
      '/statefulFunctions/0/functions/0/params/output: countPerId emits to "views-per-user", which is not among this application\'s egress topics (none)',
    ]);
  });

  it("names the built-in when it is the built-in's default output that is missing", () => {
    const input = statefun((app) => {
      (app.functions as { params: object }[])[0].params = {};
    });
    expect(problems(input)).toEqual([
      '/statefulFunctions/0/functions/0/builtin: countPerId emits to "counts", which is not among this application\'s egress topics (views-per-user)',
    ]);
  });

  it('refuses an egress that is not a declared topic', () => {
    const input = statefun((app) => (app.egress = ['views-per-user', 'nowhere']));
    expect(problems(input)).toEqual([
      '/statefulFunctions/0/egress/1: unknown topic "nowhere" (declared: page-views, views-per-user)',
    ]);
  });

  it('refuses a message to an undeclared type and a type declared twice', () => {
    const input = statefun((app) => {
      const functions = app.functions as { type: string; params: Record<string, string> }[];
      functions[1].params.type = 'ghost';
      functions.push({ ...functions[0] });
    });
    expect(problems(input)).toEqual([
      '/statefulFunctions/0/functions/1/params/type: forwardTo sends to function type "ghost", which is not declared (declared: user, relay)',
      '/statefulFunctions/0/functions/2/type: function type "user" is declared twice',
    ]);
  });

  it('checks the stateful functions inside designs the same way', () => {
    const { statefulFunctions, ...shared } = statefun((app) => (app.egress = []));
    const input = {
      ...shared,
      designs: [{ name: 'statefun', output: { topic: 'views-per-user' }, statefulFunctions }],
    };
    expect(problems(input)).toEqual([
      '/designs/0/statefulFunctions/0/functions/0/params/output: countPerId emits to "views-per-user", which is not among this application\'s egress topics (none)',
    ]);
  });
});
