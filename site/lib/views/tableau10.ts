/**
 * Tableau's ten categorical colours, the list d3 exports as `schemeTableau10`. Copied because d3's
 * chromatic-scales bundle cannot be tree-shaken: importing this one array from 'd3' brought every
 * colour ramp and d3-color and d3-interpolate with it, about 8 KB gzipped on every chapter page.
 * tableau10.test.ts holds the copy equal to d3's.
 */
export const TABLEAU10: readonly string[] = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];
