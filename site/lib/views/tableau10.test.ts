import { schemeTableau10 } from 'd3';
import { describe, expect, it } from 'vitest';
import { TABLEAU10 } from './tableau10.ts';

describe('the key colours', () => {
  it('are the ten colours d3 calls schemeTableau10, in its order', () => {
    expect(TABLEAU10).toEqual(schemeTableau10);
  });
});
