import type { Handler } from '../handler-api.ts';
import { accountsCrudDualWrite, accountsOutbox } from './accounts.ts';
import { dualWriteNaive, dualWriteOutbox, drainOutbox } from './dual-write.ts';
import { enrichClickWithProfile, upsertProfile } from './enrich.ts';
import { flowStep } from './flow-step.ts';
import { joinOrdersWithPaymentsViaDb } from './join.ts';
import { notifyOrderStatusViaDb } from './notify.ts';
import type { HandlerOptions } from './options.ts';
import { projectAccountEvents } from './project-read-model.ts';
import { processMessages } from './process-messages.ts';
import {
  countPageViewsIdempotent,
  countPageViewsNaive,
  countPageViewsTransactional,
} from './page-views.ts';

/** Makes a handler from its options (each library handler documents its own). */
export type HandlerFactory = (options: HandlerOptions) => Handler;

/** The built-in handlers a scenario names, by name. */
export const handlerLibrary: Readonly<Record<string, HandlerFactory>> = Object.freeze({
  countPageViewsNaive,
  countPageViewsIdempotent,
  countPageViewsTransactional,
  joinOrdersWithPaymentsViaDb,
  enrichClickWithProfile,
  upsertProfile,
  dualWriteNaive,
  dualWriteOutbox,
  drainOutbox,
  accountsCrudDualWrite,
  accountsOutbox,
  flowStep,
  notifyOrderStatusViaDb,
  projectAccountEvents,
  processMessages,
});

/** The handler a function names, made with its options; an unknown name lists the known ones. */
export function createHandler(name: string, options: HandlerOptions = {}): Handler {
  const factory = Object.hasOwn(handlerLibrary, name) ? handlerLibrary[name] : undefined;
  if (!factory)
    throw new Error(
      `Unknown handler "${name}"; the library has: ${Object.keys(handlerLibrary).join(', ')}`,
    );
  return factory(options);
}
