// The scenario builder with every engine loaded: Node entry points (the command line, tests, the
// grader) import this. The site's simulation worker imports `build-world.ts` and loads the
// serverless engine only when a scenario needs it (see engines.ts).
import '../serverless/engine.ts';

export * from './build-world.ts';
