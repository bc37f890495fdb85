import { describe, expect, it } from 'vitest';
import { formatErrors, parseScenario } from './load.ts';

/** Validation of `transactionalClients`: every mistake named at file:line:column with its path. */

const client = { id: 'copier', group: 'g', topics: ['orders'], outputTopic: 'shipments' };

function scenario(clients: unknown[], extra: Record<string, unknown> = {}) {
  return {
    name: 'clients',
    seed: 1,
    durationMs: 1000,
    topics: [{ name: 'orders' }, { name: 'shipments' }],
    consumers: [{ id: 'reader', group: 'r', topics: ['shipments'] }],
    transactionalClients: clients,
    ...extra,
  };
}

function errors(input: unknown): string {
  const result = parseScenario(JSON.stringify(input, null, 2), 'c.json');
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return formatErrors(result.errors, 'c.json');
}

describe('transactional clients in a scenario file', () => {
  it('accepts a client and fills in its defaults (transform: a copy)', () => {
    const result = parseScenario(JSON.stringify(scenario([client])));
    if (!result.ok) throw new Error(formatErrors(result.errors));
    expect(result.scenario.transactionalClients[0]).toMatchObject({
      transform: [],
      processingMs: 1,
      assignor: 'range',
    });
  });

  it('names an unknown input or output topic, and an output that is also an input', () => {
    expect(errors(scenario([{ ...client, topics: ['order'] }]))).toMatch(
      /^c\.json:\d+:\d+: error at \/transactionalClients\/0\/topics\/0: unknown topic "order" \(declared: orders, shipments\)\n$/,
    );
    expect(errors(scenario([{ ...client, outputTopic: 'shipment' }]))).toMatch(
      /error at \/transactionalClients\/0\/outputTopic: unknown topic "shipment"/,
    );
    expect(errors(scenario([{ ...client, outputTopic: 'orders' }]))).toMatch(
      /error at \/transactionalClients\/0\/outputTopic: the output topic "orders" is also an input/,
    );
  });

  it('refuses an id another actor has, and a transform step it does not know, with the place of each', () => {
    const text = errors(
      scenario([
        {
          ...client,
          id: 'reader',
          transform: [{ op: 'flatMapValues', mapper: { fn: 'identity' } }],
        },
      ]),
    );
    expect(text).toMatch(
      /c\.json:\d+:\d+: error at \/transactionalClients\/0\/id: actor id "reader" is already used at \/consumers\/0/,
    );
    expect(text).toMatch(
      /c\.json:\d+:\d+: error at \/transactionalClients\/0\/transform\/0\/op: .*filter.*filterNot.*mapValues/,
    );
  });

  it('lets the schedule crash and pause a client by its id', () => {
    const result = parseScenario(
      JSON.stringify(
        scenario([client], {
          faults: [
            { at: 10, kind: 'crash', target: 'copier' },
            { at: 20, kind: 'restart', target: 'copier' },
          ],
        }),
      ),
    );
    expect(result.ok).toBe(true);
  });
});
