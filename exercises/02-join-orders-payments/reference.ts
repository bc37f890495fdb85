import type { TopologyData } from '../../simulator/streams/topology-spec-types.ts';

/**
 * Orders on the left, so each order comes out once: joined with its payment, or with null once
 * its window has closed (a left join). The window is asymmetric, as the requirement is: a payment
 * may be up to 5 s after its order (`afterMs`) and up to 500 ms before it (`beforeMs`). The grace
 * keeps each window open 1 s longer for records that arrive late; records later than that are
 * dropped, and the buffers let go of each record once its window and grace have passed.
 */
export function joinOrdersWithPayments(): TopologyData {
  return {
    operators: [
      { op: 'stream', topics: ['payments'], as: 'payments' },
      { op: 'stream', topics: ['orders'] },
      {
        op: 'leftJoin',
        with: 'payments',
        joiner: { fn: 'pair' },
        windows: { timeDifferenceMs: 5_000, beforeMs: 500, graceMs: 1_000 },
      },
      { op: 'to', topic: 'order-status' },
    ],
  };
}
