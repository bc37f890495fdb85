// Modules the site's build makes up (see vite.config.ts). A file of its own: a `declare module`
// for a plain name only declares (rather than augments) in a file without imports or exports.

/** The simulator-and-grader script learner code runs beside. */
declare module 'virtual:grader-sandbox' {
  const script: string;
  export default script;
}
