import { describe, expect, it } from 'vitest';
import { formatErrors, parseScenario, validateScenario, type ScenarioError } from './load.ts';

/** A small valid scenario; tests change one thing at a time. */
function base(): Record<string, unknown> {
  return {
    name: 'base',
    seed: 7,
    durationMs: 1000,
    topics: [{ name: 'orders', partitions: 2 }, { name: 'payments' }],
    producers: [
      { id: 'p1', workload: { records: [{ atMs: 5, topic: 'orders', key: 'a', value: 1 }] } },
    ],
    consumers: [{ id: 'c1', group: 'g1', topics: ['orders'] }],
    faults: [{ at: 100, kind: 'crash', target: 'p1' }],
  };
}

function errorsOf(input: unknown): ScenarioError[] {
  const result = parseScenario(JSON.stringify(input, null, 2));
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return result.errors;
}

function pathsAndMessages(input: unknown): [string, string][] {
  return errorsOf(input).map((e) => [e.path, e.message]);
}

describe('parseScenario', () => {
  it('accepts a minimal valid scenario and fills in the defaults', () => {
    const result = parseScenario(
      '{"name": "m", "seed": 1, "durationMs": 10, "topics": [{"name": "t"}]}',
    );
    if (!result.ok) throw new Error(formatErrors(result.errors));
    expect(result.scenario.topics[0]).toMatchObject({
      name: 't',
      partitions: 1,
      cleanupPolicy: 'delete',
    });
    expect(result.scenario.network).toEqual({ latencyMs: 1, jitterMs: 0, lossPerMillion: 0 });
    expect(result.scenario.faults).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('accepts the base scenario used by these tests', () => {
    expect(parseScenario(JSON.stringify(base())).ok).toBe(true);
  });

  it('reports malformed JSON with its line and column', () => {
    const result = parseScenario('{\n  "name": "x",\n  "seed": 1,,\n}', 'bad.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: '', line: 3, column: 13 });
    expect(result.errors[0].message).toMatch(/^invalid JSON: expected a field name/);
  });

  it('names the field and the expected type when a value has the wrong type', () => {
    const input = { ...base(), durationMs: 'long', topics: [{ name: 'orders', partitions: 1.5 }] };
    expect(pathsAndMessages(input)).toEqual([
      ['/durationMs', 'expected an integer from 1 to 86400000 (virtual ms), got "long"'],
      ['/topics/0/partitions', 'expected an integer from 1 to 1024, got 1.5'],
    ]);
  });

  it('reports unknown fields and suggests the near miss', () => {
    const input = { ...base(), bogus: 1, topics: [{ name: 'orders', partitons: 2 }] };
    const errors = pathsAndMessages(input);
    expect(errors).toContainEqual([
      '/topics/0/partitons',
      'unknown field "partitons" (did you mean "partitions"?)',
    ]);
    expect(errors.find(([path]) => path === '/bogus')?.[1]).toMatch(
      /^unknown field "bogus" \(allowed: \$schema, name,/,
    );
  });

  it('reports a negative time in virtual ms', () => {
    const input = { ...base(), faults: [{ at: -5, kind: 'crash', target: 'p1' }] };
    expect(pathsAndMessages(input)).toEqual([
      ['/faults/0/at', 'expected a non-negative integer (virtual ms), got -5'],
    ]);
  });

  it('lists the fault kinds when a kind is unknown', () => {
    const input = { ...base(), faults: [{ at: 5, kind: 'crush', target: 'p1' }] };
    expect(pathsAndMessages(input)).toEqual([
      [
        '/faults/0/kind',
        'expected one of crash, restart, pause, partition, lostAck, slowLink, messageLoss, invocationCrash, invocationTimeout, instanceCrash, dbThrottle, dbLostReply, rebuildProjection, abortTransaction, close, got "crush"',
      ],
    ]);
  });

  it('reports a missing required field with what belongs there', () => {
    const { seed: _seed, ...input } = base();
    expect(pathsAndMessages(input)).toEqual([
      ['/seed', 'missing required field "seed": expected an integer from 0 to 4294967295'],
    ]);
  });

  it('reports fault targets and partition sides that are not declared actors, the broker included', () => {
    const input = {
      ...base(),
      faults: [
        { at: 1, kind: 'crash', target: 'broker' },
        { at: 2, kind: 'pause', target: 'c9', durationMs: 5 },
        { at: 3, kind: 'partition', between: ['p1', 'nobody'] },
      ],
    };
    expect(pathsAndMessages(input)).toEqual([
      ['/faults/1/target', 'unknown actor "c9" (declared: broker, p1, c1)'],
      ['/faults/2/between/1', 'unknown actor "nobody" (declared: broker, p1, c1)'],
    ]);
  });

  it('refuses a lost acknowledgement aimed at something other than a producer', () => {
    const input = { ...base(), faults: [{ at: 1, kind: 'lostAck', target: 'c1' }] };
    expect(errorsOf(input)[0]).toMatchObject({ path: '/faults/0/target' });
    expect(errorsOf(input)[0].message).toContain('"c1" is a consumer');
  });

  it('reports topics that consumers and workloads use without declaring them', () => {
    const input = {
      ...base(),
      producers: [
        {
          id: 'p1',
          workload: {
            records: [{ atMs: 1, topic: 'ordres' }],
            generators: [{ topic: 'clicks', count: 3 }],
          },
        },
      ],
      consumers: [{ id: 'c1', group: 'g', topics: ['orders', 'refunds'] }],
    };
    expect(pathsAndMessages(input)).toEqual([
      [
        '/producers/0/workload/records/0/topic',
        'unknown topic "ordres" (declared: orders, payments)',
      ],
      [
        '/producers/0/workload/generators/0/topic',
        'unknown topic "clicks" (declared: orders, payments)',
      ],
      ['/consumers/0/topics/1', 'unknown topic "refunds" (declared: orders, payments)'],
    ]);
  });

  it('refuses an explicit partition the topic does not have', () => {
    const record = (partition: number) => ({ atMs: 1, topic: 'orders', partition });
    const input = {
      ...base(),
      producers: [{ id: 'p1', workload: { records: [record(1), record(2)] } }],
    };
    expect(pathsAndMessages(input)).toEqual([
      [
        '/producers/0/workload/records/1/partition',
        'partition 2 does not exist: topic "orders" has partitions 0 to 1',
      ],
    ]);
  });

  it('refuses duplicate actor ids, duplicate topic names and the reserved broker id', () => {
    const input = {
      ...base(),
      topics: [{ name: 'orders' }, { name: 'orders' }],
      producers: [{ id: 'p1' }, { id: 'broker' }],
      consumers: [{ id: 'p1', group: 'g', topics: ['orders'] }],
    };
    expect(pathsAndMessages(input)).toEqual([
      ['/topics/1/name', 'topic "orders" is already declared at /topics/0'],
      ['/producers/1/id', '"broker" is the built-in broker\'s id; choose another'],
      ['/consumers/0/id', 'actor id "p1" is already used at /producers/0'],
    ]);
  });

  it('refuses transactions without a transactional id, and a transactional id without idempotence', () => {
    const input = {
      ...base(),
      producers: [
        { id: 'p1', transactions: { recordsPerTransaction: 2 } },
        { id: 'p2', transactionalId: 'tx', idempotent: false },
      ],
    };
    expect(errorsOf(input).map((e) => e.path)).toEqual([
      '/producers/0/transactions',
      '/producers/1/idempotent',
    ]);
  });

  it('refuses a fault after the end of the run but accepts one at the very end', () => {
    const at = (ms: number) => ({ ...base(), faults: [{ at: ms, kind: 'crash', target: 'p1' }] });
    expect(parseScenario(JSON.stringify(at(1000))).ok).toBe(true);
    expect(pathsAndMessages(at(1001))).toEqual([
      ['/faults/0/at', 'the fault fires at 1001 ms, after the run ends (durationMs 1000)'],
    ]);
  });

  it('lists every error at once, in the order they appear in the file', () => {
    const input = {
      ...base(),
      seed: -1,
      extra: true,
      topics: [{ name: 'orders', partitions: 0 }],
      consumers: [{ id: 'c1', group: 'g', topics: ['missing'] }],
      faults: [{ at: -1, kind: 'crash', target: 'ghost' }],
    };
    const errors = errorsOf(input);
    expect(errors.map((e) => e.path)).toEqual([
      '/seed',
      '/topics/0/partitions',
      '/consumers/0/topics/0',
      '/faults/0/at',
      '/faults/0/target',
      '/extra',
    ]);
    const lines = errors.map((e) => e.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('reports a field written twice, which JSON.parse would silently resolve', () => {
    const result = parseScenario(
      '{"name": "a", "seed": 1, "seed": 2, "durationMs": 5, "topics": [{"name": "t"}]}',
    );
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({ path: '/seed', line: 1, column: 26 }),
    ]);
  });

  it('points an unknown field at its name and a missing field at its parent object', () => {
    const text =
      '{\n  "name": "a", "seed": 1, "durationMs": 5,\n  "topics": [\n    {"nmae": "t"}\n  ]\n}';
    const result = parseScenario(text);
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({ path: '/topics/0/name', line: 4, column: 5 }),
      expect.objectContaining({ path: '/topics/0/nmae', line: 4, column: 6 }),
    ]);
  });

  it('warns, without failing, about records and starts after the end and a restart with no crash', () => {
    const input = {
      ...base(),
      producers: [
        { id: 'p1', workload: { generators: [{ topic: 'orders', count: 20, intervalMs: 100 }] } },
      ],
      consumers: [{ id: 'c1', group: 'g', topics: ['orders'], startAtMs: 5000 }],
      faults: [{ at: 10, kind: 'restart', target: 'p1' }],
    };
    const result = parseScenario(JSON.stringify(input));
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual([
      '/producers/0/workload/generators/0/count',
      '/consumers/0/startAtMs',
      '/faults/0/target',
    ]);
  });

  it('does not report a semantic error where the schema already reported one', () => {
    const input = { ...base(), faults: [{ at: 1, kind: 'crash', target: '9lives' }] };
    expect(pathsAndMessages(input)).toEqual([
      [
        '/faults/0/target',
        'expected an actor id: a letter, then letters, digits, "_", "." or "-" (at most 64 characters), got "9lives"',
      ],
    ]);
  });

  it('reports a document that is not an object', () => {
    expect(pathsAndMessages([1, 2])).toEqual([['', 'expected an object, got a list of 2 items']]);
  });
});

describe('validateScenario', () => {
  it('checks an already-parsed value the same way, without positions', () => {
    const result = validateScenario({
      ...base(),
      faults: [{ at: 1, kind: 'crash', target: 'zz' }],
    });
    expect(!result.ok && result.errors).toEqual([
      { path: '/faults/0/target', message: 'unknown actor "zz" (declared: broker, p1, c1)' },
    ]);
  });
});

describe('formatErrors', () => {
  it('renders one clickable file:line:column line per error', () => {
    const text = formatErrors(
      [
        {
          path: '/faults/2/at',
          message: 'expected a non-negative integer (virtual ms), got -5',
          line: 12,
          column: 7,
        },
        { path: '', message: 'invalid JSON: oops' },
      ],
      'lost-ack.json',
    );
    expect(text).toBe(
      'lost-ack.json:12:7: error at /faults/2/at: expected a non-negative integer (virtual ms), got -5\n' +
        'lost-ack.json: error: invalid JSON: oops\n',
    );
  });

  it('labels warnings as warnings', () => {
    expect(formatErrors([{ path: '/a', message: 'm' }], 'f.json', 'warning')).toBe(
      'f.json: warning at /a: m\n',
    );
  });
});
