// Every page is prerendered to plain files; URLs end in "/" so any static host serves them.
export const prerender = true;
export const trailingSlash = 'always';
