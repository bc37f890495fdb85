/**
 * The views a workbench can show in its main panel, in tab order (keys 1–4). The stream-processor
 * and serverless views will be added here when the engine has them.
 */
export const VIEWS = ['log', 'network', 'groups', 'transactions'] as const;
/** One of `VIEWS`. */
export type ViewName = (typeof VIEWS)[number];
