import { describe, expect, it } from 'vitest';
import { topologySpecSchema, type TopologySpecInput } from './topology-schema.ts';
import type { TopologyData } from './topology-spec-types.ts';

/**
 * The plain types must say what the zod schema says. Assigning each to the other, both ways, is
 * checked by `tsc`: an operator, a built-in or a required field that one has and the other lacks
 * breaks the typecheck (an optional field only one of them has does not: TypeScript allows it).
 */
export const dataIsSpec = (d: TopologyData): TopologySpecInput => d;
export const specIsData = (s: TopologySpecInput): TopologyData => s;

describe('the plain topology types', () => {
  it('describe topologies the schema accepts', () => {
    const join: TopologyData = {
      operators: [
        { op: 'stream', topics: ['payments'], as: 'payments' },
        { op: 'stream', topics: ['orders'] },
        {
          op: 'leftJoin',
          with: 'payments',
          joiner: { fn: 'pair' },
          windows: { timeDifferenceMs: 5000, beforeMs: 500, graceMs: 1000 },
        },
        { op: 'filter', predicate: { fn: 'fieldEquals', field: 'right', value: null } },
        { op: 'to', topic: 'unpaid' },
      ],
    };
    const parsed = topologySpecSchema.parse(dataIsSpec(join));
    expect(parsed.operators[2]).toMatchObject({ op: 'leftJoin', windows: { beforeMs: 500 } });
    expect(specIsData(parsed).operators).toHaveLength(5);
  });
});
