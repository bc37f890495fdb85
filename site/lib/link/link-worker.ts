import { decodeLink } from './link-state.ts';
import { decodeReplay } from './replay-link.ts';
import type { LinkReadRequest, LinkReadResponse } from './read-link.ts';

/**
 * Reads a link's fragment (`#s=…` or `#r=…`) off the page's thread: decompressing and validating
 * untrusted data is bounded (bounded-lz.ts) but still work the page should never wait on.
 */
// The site's types are the page's (lib.dom); a worker's global scope is typed by hand here.
const scope = self as unknown as {
  onmessage: ((message: MessageEvent<LinkReadRequest>) => void) | null;
  postMessage(message: LinkReadResponse): void;
};

scope.onmessage = (message) => {
  const { hash } = message.data;
  scope.postMessage(
    hash.startsWith('#r=')
      ? { kind: 'replay', read: decodeReplay(hash) }
      : { kind: 'state', read: decodeLink(hash) },
  );
};
