import { describe, expect, it } from 'vitest';
import { Prng } from '../core/prng.ts';
import { eosV2TransactionalId, randomProcessId } from './process-id.ts';

describe('process ids and transactional ids of stream threads', () => {
  it('draws a version 4 UUID, different on each draw and the same for the same seed', () => {
    const prng = new Prng(7);
    const first = randomProcessId(prng);
    const second = randomProcessId(prng);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
    expect(randomProcessId(new Prng(7))).toBe(first);
  });

  it('names the producer of a stream thread as Kafka Streams does under exactly_once_v2', () => {
    expect(eosV2TransactionalId('enricher', '0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(
      'enricher-0f8fad5b-d9cb-469f-a165-70867728950e-1',
    );
    expect(eosV2TransactionalId('app', 'p', 3)).toBe('app-p-3');
  });
});
