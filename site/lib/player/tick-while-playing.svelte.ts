import type { PlayerEvent } from './player-machine.ts';

/**
 * While `playing()` is true, send the player one `TICK` per animation frame with the real time
 * that passed since the last. Call it while a component initialises (it registers an effect that
 * stops with the component or when playing stops).
 */
export function tickWhilePlaying(playing: () => boolean, send: (event: PlayerEvent) => void): void {
  $effect(() => {
    if (!playing()) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      send({ type: 'TICK', realMs: now - last });
      last = now;
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  });
}
