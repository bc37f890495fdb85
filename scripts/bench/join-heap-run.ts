/**
 * One simulated join in a process of its own, for the case `streams: peak heap …`: it prints, as
 * JSON, the peak heap the run reached. A fresh process, because how far V8 lets the heap grow
 * before it collects depends on what the process did before (a warmed process lets it grow
 * further), and a learner's, a chapter's or a grader's run starts fresh.
 */
import { heapPeakMb, sampleHeap } from '../bench.ts';
import { joinInputs, joinScenario, simulatedJoin } from './streams.bench.ts';

const scenario = joinScenario(joinInputs());
globalThis.gc?.();
sampleHeap();
simulatedJoin(scenario);
sampleHeap();
console.log(JSON.stringify({ peakMb: heapPeakMb() }));
