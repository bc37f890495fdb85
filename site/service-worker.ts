/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';

/**
 * Offline after the first visit: on install, every prerendered page, every script, stylesheet and
 * worker (the list the build writes to `_app/precache.json`, which has the workers kit's own list
 * lacks) and every static file go into one cache named by the build's version. Requests for those
 * are answered from the cache; anything else goes to the network and falls back to the cache. A
 * new build installs beside the old one and takes over at once, and the old cache is deleted.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `streamworks-${version}`;
const base = new URL(sw.registration.scope).pathname.replace(/\/$/, '');

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const listed = await fetch(`${base}/_app/precache.json`, { cache: 'no-cache' });
  if (!listed.ok) throw new Error(`precache list: HTTP ${listed.status}`);
  const immutable = ((await listed.json()) as string[]).map((f) => `${base}/${f}`);
  await cache.addAll([...new Set([...build, ...immutable, ...files, ...prerendered])]);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

async function respond(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  // A page's address may carry a query (`?x`) the prerendered file does not: the page is the same.
  const ignoreSearch = request.mode === 'navigate';
  const cached = await cache.match(request, { ignoreSearch });
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (error) {
    const fallback = await cache.match(request, { ignoreSearch: true });
    if (fallback) return fallback;
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  event.respondWith(respond(event.request));
});
