import type { TopologyData } from '../../simulator/streams/topology-spec-types.ts';
import type { ProcessingGuarantee } from '../../simulator/trace/events.ts';

/**
 * Views are keyed by user already, so `groupByKey` needs no repartition; `count` keeps each
 * user's count in a state store backed by a changelog topic, and every update goes to
 * `page-view-counts`. Under `exactly_once_v2` the counts written, their changelog records and the
 * consumed offsets of `views` are committed in one Kafka transaction: after a crash, the instance
 * that takes over restores the store as of the last commit and counts again from there, and what
 * the crashed one wrote since is aborted, never seen by a read_committed reader.
 */
export function countPageViewsInTheProcessor(): {
  guarantee: ProcessingGuarantee;
  topology: TopologyData;
} {
  return {
    guarantee: 'exactly_once_v2',
    topology: {
      operators: [
        { op: 'stream', topics: ['views'] },
        { op: 'groupByKey' },
        { op: 'count' },
        { op: 'toStream' },
        { op: 'to', topic: 'page-view-counts' },
      ],
    },
  };
}
