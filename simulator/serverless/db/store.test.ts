import { describe, expect, it } from 'vitest';
import { TableStore } from './store.ts';

/** DynamoDB's item rules, on the store alone (no actor, no time). */

const store = () =>
  new TableStore([
    { name: 'users', items: [{ key: 'ann', item: { age: 40 } }] },
    { name: 'sessions', ttlAttribute: 'expiresAtMs', items: [] },
  ]);

describe('TableStore', () => {
  it('gets an item with the version the store keeps, or null', () => {
    const s = store();
    const ann = s.apply({ op: 'get', table: 'users', key: 'ann' });
    expect(ann).toMatchObject({
      ok: true,
      result: { item: { age: 40, version: 1 } },
      readUnits: 1,
    });
    expect(s.apply({ op: 'get', table: 'users', key: 'bob' })).toMatchObject({
      ok: true,
      result: { item: null },
    });
  });

  it('refuses a put with attribute_not_exists when the item exists, and charges the write', () => {
    const s = store();
    const refused = s.apply({
      op: 'put',
      table: 'users',
      key: 'ann',
      item: { age: 1 },
      condition: { ifNotExists: true },
    });
    expect(refused).toMatchObject({
      ok: false,
      code: 'ConditionalCheckFailedException',
      writeUnits: 1,
    });
    expect(s.peek('users', 'ann')).toMatchObject({ age: 40 });
    expect(
      s.apply({
        op: 'put',
        table: 'users',
        key: 'bob',
        item: { age: 1 },
        condition: { ifNotExists: true },
      }).ok,
    ).toBe(true);
  });

  it('applies a put on an expected version only, and counts versions up', () => {
    const s = store();
    expect(
      s.apply({
        op: 'put',
        table: 'users',
        key: 'ann',
        item: { age: 41 },
        condition: { expectedVersion: 2 },
      }).ok,
    ).toBe(false);
    const ok = s.apply({
      op: 'put',
      table: 'users',
      key: 'ann',
      item: { age: 41 },
      condition: { expectedVersion: 1 },
    });
    expect(ok).toMatchObject({ ok: true, result: { item: { age: 41, version: 2 } } });
  });

  it('adds to numbers with update, creating the item if absent', () => {
    const s = store();
    s.apply({ op: 'update', table: 'users', key: 'cy', add: { visits: 1 }, set: { name: 'Cy' } });
    const again = s.apply({ op: 'update', table: 'users', key: 'cy', add: { visits: 2 } });
    expect(again).toMatchObject({
      ok: true,
      result: { item: { visits: 3, name: 'Cy', version: 2 } },
    });
    const wrong = s.apply({ op: 'update', table: 'users', key: 'cy', add: { name: 1 } });
    expect(wrong).toMatchObject({ ok: false, code: 'ValidationException' });
  });

  it('applies all parts of a transaction or none', () => {
    const s = store();
    const cancelled = s.apply({
      op: 'transactWrite',
      parts: [
        { op: 'put', table: 'users', key: 'dee', item: { age: 5 } },
        {
          op: 'put',
          table: 'users',
          key: 'ann',
          item: { age: 0 },
          condition: { ifNotExists: true },
        },
      ],
    });
    expect(cancelled).toMatchObject({
      ok: false,
      code: 'TransactionCanceledException',
      writeUnits: 4,
    });
    expect(s.peek('users', 'dee')).toBeNull();
    const done = s.apply({
      op: 'transactWrite',
      parts: [
        { op: 'put', table: 'users', key: 'dee', item: { age: 5 } },
        { op: 'delete', table: 'users', key: 'ann' },
      ],
    });
    expect(done.ok).toBe(true);
    expect([s.peek('users', 'dee'), s.peek('users', 'ann')]).toEqual([
      { age: 5, version: 1 },
      null,
    ]);
  });

  it('refuses a transaction that touches one item twice', () => {
    const s = store();
    const twice = s.apply({
      op: 'transactWrite',
      parts: [
        { op: 'update', table: 'users', key: 'ann', add: { age: 1 } },
        { op: 'update', table: 'users', key: 'ann', add: { age: 1 } },
      ],
    });
    expect(twice).toMatchObject({ ok: false, code: 'ValidationException' });
  });

  it('scans in key order up to a limit', () => {
    const s = store();
    for (const key of ['zed', 'bob', 'cy']) s.apply({ op: 'put', table: 'users', key, item: {} });
    const scan = s.apply({ op: 'scan', table: 'users', limit: 3 });
    expect(scan.ok && scan.result.op === 'scan' && scan.result.items.map((i) => i.key)).toEqual([
      'ann',
      'bob',
      'cy',
    ]);
  });

  it('keeps an expired item readable until the sweep deletes it', () => {
    const s = store();
    s.apply({ op: 'put', table: 'sessions', key: 's1', item: { expiresAtMs: 100 } });
    s.apply({ op: 'put', table: 'sessions', key: 's2', item: { expiresAtMs: 900 } });
    expect(s.peek('sessions', 's1')).not.toBeNull();
    expect(s.sweepExpired(500)).toEqual([{ table: 'sessions', key: 's1', expiresAtMs: 100 }]);
    expect(s.peek('sessions', 's1')).toBeNull();
    expect(s.peek('sessions', 's2')).not.toBeNull();
  });

  it('hands out frozen items that a handler cannot change in place', () => {
    const s = store();
    s.apply({ op: 'put', table: 'users', key: 'eve', item: { tags: ['a'] } });
    const item = s.peek('users', 'eve')!;
    expect(() => (item.tags as string[]).push('b')).toThrow(TypeError);
    expect(s.peek('users', 'eve')).toMatchObject({ tags: ['a'] });
  });

  it('answers an unknown table with ResourceNotFoundException', () => {
    expect(store().apply({ op: 'get', table: 'nope', key: 'k' })).toMatchObject({
      ok: false,
      code: 'ResourceNotFoundException',
    });
  });
});
