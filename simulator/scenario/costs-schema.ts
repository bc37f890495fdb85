import { z } from 'zod';

/**
 * The cost model's assumptions: unit prices and sizes for the parts of a design that are not
 * priced per invocation (the serverless side's own price table is `serverless.prices`). Every
 * figure is an illustrative list price; docs/compare.md cites where each comes from. A scenario
 * overrides any of them, so a reader can try their own provider's numbers.
 */

const usd = (what: string, value: number) => z.number().nonnegative().default(value).describe(what);

export const processorCostsSchema = z
  .strictObject({
    vcpusPerInstance: z
      .number()
      .positive()
      .default(0.5)
      .describe('vCPUs provisioned for each stream-processor instance'),
    memoryGbPerInstance: z
      .number()
      .positive()
      .default(1)
      .describe('Memory provisioned for each stream-processor instance, GB'),
    vcpuHourUsd: usd('Per vCPU-hour (AWS Fargate, Linux/x86, us-east-1)', 0.04048),
    gbHourUsd: usd('Per GB-hour of memory (AWS Fargate, Linux/x86, us-east-1)', 0.004445),
  })
  .describe('Stream-processor instances: provisioned by the hour, whether busy or idle');

export const brokerCostsSchema = z
  .strictObject({
    clusterHourUsd: usd('Per cluster-hour (Amazon MSK Serverless)', 0.75),
    partitionHourUsd: usd('Per partition-hour (Amazon MSK Serverless)', 0.0015),
    ingressGbUsd: usd('Per GB written to the broker (Amazon MSK Serverless data in)', 0.1),
    egressGbUsd: usd('Per GB read from the broker (Amazon MSK Serverless data out)', 0.05),
    storageGbMonthUsd: usd('Per GB-month stored (Amazon MSK Serverless storage)', 0.1),
  })
  .describe('The broker, priced as a managed Kafka service: partitions, throughput, storage');

export const databaseCostsSchema = z
  .strictObject({
    storageGbMonthUsd: usd('Per GB-month stored (DynamoDB Standard table class)', 0.25),
  })
  .describe(
    "The database's storage (its reads and writes are priced per request unit in serverless.prices)",
  );

export const costsSchema = z
  .strictObject({
    processor: processorCostsSchema.prefault({}),
    broker: brokerCostsSchema.prefault({}),
    database: databaseCostsSchema.prefault({}),
  })
  .describe(
    'Assumptions of the cost model (illustrative list prices; see docs/compare.md for sources)',
  );

export type Costs = z.output<typeof costsSchema>;
