// Running a scenario with every engine loaded: Node entry points import this. The site's
// simulation worker imports `run-scenario.ts` and loads the serverless engine only when a
// scenario needs it (see engines.ts).
import '../serverless/engine.ts';

export * from './run-scenario.ts';
