import { countPageViewsInTheProcessorGrader } from './01-count-page-views-in-the-processor/grading.ts';
import { countPageViewsGrader } from './01-count-page-views/grading.ts';
import { joinOrdersPaymentsGrader } from './02-join-orders-payments/grading.ts';
import { dualWriteGrader } from './03-dual-write/grading.ts';
import { deriveOrderStatusGrader } from './04-derive-the-order-status/grading.ts';
import { projectionSurvivesReplayGrader } from './05-projection-survives-replay/grading.ts';
import { workflowGrader } from './06-a-workflow-that-finishes-once/grading.ts';
import { keepAccountOrderGrader } from './07-keep-account-order/grading.ts';
import { readYourWritesGrader } from './08-read-your-writes/grading.ts';
import type { ExerciseGrader } from './grader/exercise-grader.ts';

/** Each exercise's grader, by exercise id (the manifest's ids; `--check` keeps them in step). */
export const exerciseGraders: Readonly<Record<string, ExerciseGrader>> = Object.freeze({
  [countPageViewsGrader.id]: countPageViewsGrader,
  [countPageViewsInTheProcessorGrader.id]: countPageViewsInTheProcessorGrader,
  [joinOrdersPaymentsGrader.id]: joinOrdersPaymentsGrader,
  [dualWriteGrader.id]: dualWriteGrader,
  [deriveOrderStatusGrader.id]: deriveOrderStatusGrader,
  [projectionSurvivesReplayGrader.id]: projectionSurvivesReplayGrader,
  [workflowGrader.id]: workflowGrader,
  [keepAccountOrderGrader.id]: keepAccountOrderGrader,
  [readYourWritesGrader.id]: readYourWritesGrader,
});
