import type { TopologyData } from '../../simulator/streams/topology-spec-types.ts';
import type { ProcessingGuarantee } from '../../simulator/trace/events.ts';

/**
 * Return the Kafka Streams application that derives `order-status` (key: the order id; value: the
 * order's fields, the customer's, the latest payment's and the shipment's, merged) from
 * `customers`, `orders`, `payments` and `shipments`. See instructions.md.
 */
export function deriveOrderStatus(): { guarantee: ProcessingGuarantee; topology: TopologyData } {
  // Replace this line with { guarantee: ..., topology: { operators: [...] } }.
  throw new Error('Not started: write deriveOrderStatus in starter.ts');
}
