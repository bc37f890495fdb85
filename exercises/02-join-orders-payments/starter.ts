import type { TopologyData } from '../../simulator/streams/topology-spec-types.ts';

/**
 * Return the topology that reports each order on `order-status` exactly once: joined with its
 * payment (`{ left: order, right: payment }`) when the payment counts, or unpaid
 * (`{ left: order, right: null }`) once it can no longer come. See instructions.md.
 */
export function joinOrdersWithPayments(): TopologyData {
  // Replace this line with your topology: a list of DSL operators.
  throw new Error('Not started: write joinOrdersWithPayments in starter.ts');
}
