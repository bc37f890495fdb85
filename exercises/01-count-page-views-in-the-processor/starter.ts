import type { TopologyData } from '../../simulator/streams/topology-spec-types.ts';
import type { ProcessingGuarantee } from '../../simulator/trace/events.ts';

/**
 * Return the Kafka Streams application that keeps a count of page views per user on
 * `page-view-counts` (key: the user, value: the count): its processing guarantee and its
 * topology. See instructions.md.
 */
export function countPageViewsInTheProcessor(): {
  guarantee: ProcessingGuarantee;
  topology: TopologyData;
} {
  // Replace this line with { guarantee: ..., topology: { operators: [...] } }.
  throw new Error('Not started: write countPageViewsInTheProcessor in starter.ts');
}
