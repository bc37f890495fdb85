import { describe, expect, it } from 'vitest';
import { comparisonFromSearch, searchFor } from './compare-address.ts';

const ids = ['orders-payments', 'page-views'];

describe('the comparison in the address', () => {
  it('shows the comparison the address names', () => {
    expect(comparisonFromSearch('?comparison=orders-payments', ids, 'page-views')).toEqual({
      id: 'orders-payments',
      problem: null,
    });
  });

  it('shows the default comparison without a word when the address names none', () => {
    expect(comparisonFromSearch('', ids, 'page-views')).toEqual({
      id: 'page-views',
      problem: null,
    });
  });

  it('falls back to the default and names the bad value and the choices when the comparison does not exist', () => {
    const read = comparisonFromSearch('?comparison=%3Cscript%3E', ids, 'page-views');
    expect(read.id).toBe('page-views');
    expect(read.problem).toContain('no comparison called “<script>”');
    expect(read.problem).toContain('showing page-views instead');
    expect(read.problem).toContain('orders-payments, page-views');
  });

  it('says the address names no comparison when the value is empty', () => {
    expect(comparisonFromSearch('?comparison=', ids, 'page-views').problem).toMatch(
      /^The address names no comparison/,
    );
  });

  it('cuts a very long bad value short when it repeats it', () => {
    const problem =
      comparisonFromSearch(`?comparison=${'x'.repeat(5000)}`, ids, 'page-views').problem ?? '';
    expect(problem.length).toBeLessThan(200);
  });

  it('writes the chosen comparison into the query and keeps the other parameters', () => {
    expect(searchFor('?comparison=page-views&x=1', 'orders-payments')).toBe(
      '?comparison=orders-payments&x=1',
    );
    expect(comparisonFromSearch(searchFor('', 'orders-payments'), ids, 'page-views').id).toBe(
      'orders-payments',
    );
  });
});
