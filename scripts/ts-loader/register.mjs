/** `node --import ./scripts/ts-loader/register.mjs file.ts`: see hooks.mjs for why not tsx. */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
process.setSourceMapsEnabled(true);
