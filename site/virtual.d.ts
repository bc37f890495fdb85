// Modules the site's build makes up (see vite.config.ts). A file of its own: a `declare module`
// for a plain name only declares (rather than augments) in a file without imports or exports.

/** The simulator-and-grader script learner code runs beside. */
declare module 'virtual:grader-sandbox' {
  const script: string;
  export default script;
}

/** Each example scenario by id: its text and, if it loads, its loaded form (see vite.config.ts). */
declare module 'virtual:library-scenarios' {
  const scenarios: Record<
    string,
    () => Promise<{
      default: {
        text: string;
        prepared?: {
          scenario: import('../simulator/scenario/schema.ts').Scenario;
          warnings: import('../simulator/scenario/load.ts').ScenarioError[];
        };
      };
    }>
  >;
  export default scenarios;
}
