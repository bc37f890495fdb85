import type { TopologyData } from '../../simulator/streams/topology-spec-types.ts';
import type { ProcessingGuarantee } from '../../simulator/trace/events.ts';

/**
 * Chapter 8's topology. Orders are keyed by order, customers by customer: re-key each order by its
 * customer, join it with the customers table (merging the customer's fields in), re-key it back
 * and keep it as a table. Payments and shipments, keyed by order, become tables of their latest
 * value. Left-join the orders table with both, so an order is in order-status before it is paid or
 * shipped, and every later payment or shipment updates it. Under exactly_once_v2 a crash loses
 * nothing: the tables come back from their changelogs as of the last commit.
 */
export function deriveOrderStatus(): { guarantee: ProcessingGuarantee; topology: TopologyData } {
  return {
    guarantee: 'exactly_once_v2',
    topology: {
      operators: [
        {
          op: 'table',
          topic: 'customers',
          as: 'customers',
          storeName: 'customers-store',
        },
        {
          op: 'stream',
          topics: ['orders'],
        },
        {
          op: 'selectKey',
          mapper: {
            fn: 'rekeyByField',
            field: 'customer',
          },
        },
        {
          op: 'join',
          with: 'customers',
          joiner: {
            fn: 'merge',
          },
        },
        {
          op: 'selectKey',
          mapper: {
            fn: 'rekeyByField',
            field: 'order',
          },
        },
        {
          op: 'toTable',
          storeName: 'orders-store',
          as: 'orders',
        },
        {
          op: 'stream',
          topics: ['payments'],
        },
        {
          op: 'groupByKey',
        },
        {
          op: 'reduce',
          reducer: {
            fn: 'latest',
          },
          storeName: 'payments-store',
          as: 'payments',
        },
        {
          op: 'stream',
          topics: ['shipments'],
        },
        {
          op: 'groupByKey',
        },
        {
          op: 'reduce',
          reducer: {
            fn: 'latest',
          },
          storeName: 'shipments-store',
          as: 'shipments',
        },
        {
          op: 'leftJoin',
          from: 'orders',
          with: 'payments',
          joiner: {
            fn: 'merge',
          },
        },
        {
          op: 'leftJoin',
          with: 'shipments',
          joiner: {
            fn: 'merge',
          },
        },
        {
          op: 'toStream',
        },
        {
          op: 'to',
          topic: 'order-status',
        },
      ],
    },
  };
}
