import { describe, expect, it } from 'vitest';
import { readBatchItemFailures } from './invocation.ts';

describe("reading a handler's partial batch response", () => {
  it('reads the identifiers, and treats nothing returned or an empty list as full success', () => {
    expect(readBatchItemFailures({ batchItemFailures: [{ itemIdentifier: 'q:1' }] })).toEqual([
      'q:1',
    ]);
    expect(readBatchItemFailures(undefined)).toEqual([]);
    expect(readBatchItemFailures({ batchItemFailures: null })).toEqual([]);
    expect(readBatchItemFailures({})).toEqual([]);
  });

  it('says how a malformed response breaks the shape, as Lambda then fails the whole batch', () => {
    expect(readBatchItemFailures('q:1')).toBe(
      'the handler returned a string: the result must be { batchItemFailures: [{ itemIdentifier: "<id>" }, ...] }',
    );
    expect(readBatchItemFailures({ batchItemFailures: 'q:1' })).toMatch(
      /^batchItemFailures is not an array/,
    );
    expect(readBatchItemFailures({ batchItemFailures: [{ itemIdentifier: '' }] })).toMatch(
      /^batchItemFailures\[0\] has no non-empty string itemIdentifier/,
    );
    expect(readBatchItemFailures({ batchItemFailures: [{ id: 'q:1' }] })).toMatch(
      /^batchItemFailures\[0\] has no non-empty string itemIdentifier/,
    );
  });

  it('contains a result whose reading throws: a clear message, not a crash of the platform', () => {
    const hostile = {
      get batchItemFailures(): never {
        throw new RangeError('no');
      },
    };
    expect(readBatchItemFailures(hostile)).toBe(
      "reading the handler's result threw (RangeError: no)",
    );
  });
});
