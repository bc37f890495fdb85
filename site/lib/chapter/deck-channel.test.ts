import { describe, expect, it } from 'vitest';
import { elapsed, presenterZoom } from './deck-channel.ts';

describe('presenter helpers', () => {
  it('zooms a 1,280-pixel layout to fill wider windows, never below 1 nor above 2.5', () => {
    expect(presenterZoom(1280)).toBe(1);
    expect(presenterZoom(1920)).toBe(1.5);
    expect(presenterZoom(960)).toBe(1);
    expect(presenterZoom(5000)).toBe(2.5);
  });

  it('shows the time since the talk started as minutes and seconds', () => {
    expect(elapsed(65_000, 0)).toBe('01:05');
    expect(elapsed(0, 1000)).toBe('00:00');
  });
});
