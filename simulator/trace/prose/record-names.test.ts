import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../events.ts';
import { deriveRecordId } from '../../runtime/derive-id.ts';
import { RecordBook, recordKind, recordKindPlural, recordName } from './record-names.ts';

const appended = (topic: string, id: number, key: string | null): TraceEvent => ({
  type: 'record.appended',
  at: 0,
  topic,
  partition: 0,
  offset: 0,
  record: { id, key, value: 1, timestampMs: 0 },
  producer: 'p',
  producerId: -1,
  producerEpoch: -1,
  sequence: -1,
  transactional: false,
});

describe('a record is named by its topic, its workload number and its key', () => {
  it('makes the topic a singular kind', () => {
    expect(recordKind('page-views')).toBe('page view');
    expect(recordKind('account-events')).toBe('account event');
    expect(recordKind('addresses')).toBe('address');
    expect(recordKind('order-status')).toBe('order status record');
    expect(recordKind('ledger')).toBe('ledger record');
    expect(recordKind('view-counter-views-per-user-store-changelog')).toBe('changelog record');
    expect(recordKindPlural('page-views')).toBe('page views');
    expect(recordKindPlural('entries')).toBe('entries');
  });

  it('names a workload record `page view 7 of ada`, a keyless one without `of`', () => {
    expect(recordName('page-views', 7, 'ada')).toBe('page view 7 of ada');
    expect(recordName('clicks', 3, null)).toBe('click 3');
  });

  it('names a record by the commandId its value carries (the accounts domain)', () => {
    const command = { type: 'withdraw', commandId: 'bob-2', account: 'b2', amount: 74 };
    expect(recordName('account-commands', 2 ** 36 + 2, 'b2', command)).toBe(
      'account command bob-2 of b2',
    );
    expect(recordName('account-commands', 2 ** 36 + 2, 'b2', 74)).toBe('account command of b2');
  });

  it('does not show the opaque number of a record a processor derived', () => {
    const derived = deriveRecordId(7, 'views-per-user', 0);
    expect(recordName('views-per-user', derived, 'cy')).toBe('views per user record of cy');
    expect(recordName('__consumer_offsets', -1, 'app/page-views/0')).toBe(
      'offset commit for app/page-views/0',
    );
  });
});

describe('the record book', () => {
  const book = new RecordBook([appended('page-views', 7, 'ada'), appended('page-views', 8, 'bob')]);

  it('names a record known only by its id from where it first appeared', () => {
    expect(book.name(7)).toBe('page view 7 of ada');
    expect(book.name(8, 'enriched-views')).toBe('enriched view 8 of bob');
    expect(book.name(99)).toBe('record 99');
  });

  it('summarises a batch: one by name, a run as a range, anything else counted', () => {
    expect(book.summarise([7], 'page-views')).toBe('page view 7 of ada');
    expect(book.summarise([3, 4, 5, 6], 'page-views')).toBe('page views 3–6');
    expect(book.summarise([1, 3, 5, 7, 9], 'page-views')).toBe('5 page views');
    expect(book.summarise([], 'page-views')).toBe('no page views');
    expect(book.list([7, 8], 'page-views')).toEqual(['page view 7 of ada', 'page view 8 of bob']);
    expect(book.list([7], 'page-views')).toEqual([]);
  });

  it('reads a long trace only as far as the record asked about', () => {
    const untouchable = new Proxy({} as TraceEvent, {
      get: () => {
        throw new Error('read past the record');
      },
    });
    const lazy = new RecordBook([appended('clicks', 1, 'k1'), untouchable]);
    expect(lazy.name(1)).toBe('click 1 of k1');
    expect(() => lazy.name(2)).toThrow('read past the record');
  });
});
