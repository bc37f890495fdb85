// Ambient declarations for the site (see https://svelte.dev/docs/kit/types#app.d.ts).

declare global {
  namespace App {}
}

/** A markdown chapter compiled by mdsvex: a Svelte component plus its front matter. */
declare module '*.md' {
  import type { Component } from 'svelte';
  const component: Component;
  export default component;
  /** The chapter's front matter. */
  export const metadata: Record<string, unknown>;
}

export {};
