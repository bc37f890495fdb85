import { describe, expect, it } from 'vitest';
import { readableHighlightStyle } from './editor-setup.ts';

/** WCAG's contrast ratio of a #rgb or #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  const channel = (i: number) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return 1.05 / (luminance + 0.05);
}

describe("the editor's syntax colours", () => {
  it('all reach 4.5:1 contrast on white', () => {
    const colours = readableHighlightStyle.specs
      .map((s) => s.color)
      .filter((c): c is string => typeof c === 'string');
    expect(colours.length).toBeGreaterThan(5);
    for (const c of colours) expect(contrastOnWhite(c), c).toBeGreaterThanOrEqual(4.5);
  });
});
