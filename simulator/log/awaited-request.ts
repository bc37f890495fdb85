import type { ActorContext, Message } from '../core/world.ts';
import { BROKER_ID } from './protocol.ts';

/**
 * A client's one request to the broker that it waits for, with a timeout: the token of the
 * request awaited (0: none) and the timer that fires `requestTimeout` with that token if no
 * answer comes. A client's membership and poll loop have one such request out at a time.
 */
export class AwaitedRequest {
  /** The token of the request awaited; 0 when nothing is. */
  token = 0;
  private timer: number | null = null;

  /** Send `message` and wait for its answer up to `timeoutMs`, under `token`. */
  send(ctx: ActorContext, message: Message, timeoutMs: number, token: number): void {
    this.token = token;
    ctx.send(BROKER_ID, message);
    this.timer = ctx.setTimer(timeoutMs, 'requestTimeout', token);
  }

  /** The answer arrived: stop waiting for it. */
  settle(ctx: ActorContext): void {
    if (this.timer !== null) ctx.cancelTimer(this.timer);
    this.forget();
  }

  /** Nothing is awaited any more (the timer fired, or the actor crashed and its timers died). */
  forget(): void {
    this.timer = null;
    this.token = 0;
  }
}
