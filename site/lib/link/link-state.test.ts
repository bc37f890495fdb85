import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink, type LinkState } from './link-state.ts';

const state: LinkState = {
  v: 1,
  scenario: { id: 'txn-abort-on-crash' },
  seed: 7,
  faults: [{ at: 120, kind: 'crash', target: 'committed-reader' }],
  index: 345,
  view: 'transactions',
  actor: 'orders-app',
};

const encode = (value: unknown) =>
  '#s=' + LZString.compressToEncodedURIComponent(JSON.stringify(value));

describe('links', () => {
  it('read back exactly the state they were made from', () => {
    expect(decodeLink(encodeLink(state))).toEqual({ ok: true, state });
  });

  it('carry a pasted scenario text with any characters in it', () => {
    const pasted = { ...state, scenario: { text: '{"name": "a & b <script>", "x": "😀"}' } };
    expect(decodeLink(encodeLink(pasted))).toEqual({ ok: true, state: pasted });
  });

  it('survive a percent-encoded fragment', () => {
    const link = encodeLink(state);
    const escaped = '#s=' + encodeURIComponent(link.slice(3)).replace(/-/g, '%2D');
    expect(decodeLink(escaped)).toEqual({ ok: true, state });
  });

  it('say a decompression bomb is too large, without building it', () => {
    // A million and a half characters from a link of a few thousand (a real bomb goes to billions
    // within the link's length limit; this one is small enough to make quickly).
    const bomb = '#s=' + LZString.compressToEncodedURIComponent('x'.repeat(1_500_000));
    expect(bomb.length).toBeLessThan(20_000);
    const read = decodeLink(bomb);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.message).toBe(
        'this link is too large: its data grows past 1,000,000 characters once decompressed',
      );
  }, 60_000); // making the bomb (lz-string's compress) is the slow part

  it('say a truncated link is damaged instead of throwing', () => {
    const link = encodeLink(state);
    const read = decodeLink(link.slice(0, Math.floor(link.length / 2)));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/damaged|not valid/);
  });

  it('reject garbage, an empty payload and a broken escape with a message', () => {
    for (const hash of ['#s=!!!***', '#s=', '#s=%E0%A4%A', '#s=' + 'A'.repeat(300_000)]) {
      const read = decodeLink(hash);
      expect(read.ok, hash.slice(0, 20)).toBe(false);
    }
  });

  it('name the field of a state that does not fit the schema', () => {
    const read = decodeLink(encode({ ...state, faults: [{ at: -1, kind: 'crash', target: 'x' }] }));
    expect(read).toEqual({ ok: false, message: expect.stringContaining('/faults/0/at') });
  });

  it('refuse unknown fields, so nothing unexpected rides along', () => {
    const read = decodeLink(encode({ ...state, onload: 'alert(1)' }));
    expect(read.ok).toBe(false);
  });

  it('refuse a scenario id that is not a plain name', () => {
    const read = decodeLink(encode({ ...state, scenario: { id: '../../etc/passwd' } }));
    expect(read).toEqual({ ok: false, message: expect.stringContaining('/scenario') });
  });
});
