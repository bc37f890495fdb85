/**
 * The journal topic of a service. A module of its own so the engine names journals without
 * importing the zod schema (the site's simulation worker runs loaded scenarios without zod).
 */
export const journalTopic = (spec: { id: string }) => `${spec.id}-journal`;
