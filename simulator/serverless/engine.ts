import { registerServerlessEngine } from '../scenario/engines.ts';
import { addServerless } from './build.ts';
import { injectServerlessFault } from './faults.ts';

/** Importing this module makes the serverless engine available to scenarios (see engines.ts). */
registerServerlessEngine({
  add: (world, config, topics) => {
    addServerless(world, config, topics);
  },
  inject: injectServerlessFault,
});
