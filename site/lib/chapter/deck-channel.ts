/**
 * The audience window and the speaker window of one chapter keep in step over a
 * BroadcastChannel named after the chapter: whichever window changes scene says so, the other
 * follows. A window that follows does not echo, so two windows never ping-pong.
 */

/** What one window tells the other. */
export type DeckMessage =
  /** This window is now on scene `n`. */
  | { type: 'scene'; n: number }
  /** A speaker window opened and wants to know the scene. */
  | { type: 'hello' };

/** A channel for one chapter; `close()` when the page goes. No-op where BroadcastChannel is missing. */
export function deckChannel(chapter: string, onmessage: (message: DeckMessage) => void) {
  if (typeof BroadcastChannel === 'undefined') return { post: () => {}, close: () => {} };
  const channel = new BroadcastChannel(`streamworks-deck:${chapter}`);
  channel.onmessage = (e: MessageEvent) => {
    const m = e.data as Partial<DeckMessage> | null;
    if (m?.type === 'scene' && Number.isInteger(m.n))
      onmessage({ type: 'scene', n: m.n as number });
    else if (m?.type === 'hello') onmessage({ type: 'hello' });
  };
  return {
    post: (message: DeckMessage) => channel.postMessage(message),
    close: () => channel.close(),
  };
}

/** The zoom that makes a 1,280-pixel-wide layout fill the window, for a projector: 1 to 2.5. */
export function presenterZoom(innerWidth: number): number {
  return Math.min(2.5, Math.max(1, Math.round((innerWidth / 1280) * 100) / 100));
}

/** `mm:ss` since `startMs`, for the speaker's clock. */
export function elapsed(nowMs: number, startMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - startMs) / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
