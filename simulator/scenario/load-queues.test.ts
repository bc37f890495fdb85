import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';

/** A scenario with a queue read by a function; tests change one thing at a time. */
function base(): Record<string, unknown> {
  return {
    name: 'queues',
    seed: 7,
    durationMs: 1000,
    topics: [{ name: 'unused' }],
    serverless: {
      functions: [{ name: 'work', handler: 'processMessages', timeoutMs: 300 }],
      queues: [
        {
          name: 'jobs',
          visibilityTimeoutMs: 1000,
          redrivePolicy: { deadLetterTargetQueue: 'jobs-dlq', maxReceiveCount: 3 },
          messages: [{ atMs: 10, body: { poison: true } }],
        },
        { name: 'jobs-dlq' },
      ],
      queueTriggers: [{ function: 'work', queue: 'jobs' }],
    },
  };
}

function withServerless(change: (s: Record<string, unknown>) => void): string {
  const input = base();
  change(input.serverless as Record<string, unknown>);
  return JSON.stringify(input, null, 2);
}

function problems(text: string) {
  const result = parseScenario(text);
  if (result.ok) return { errors: [], warnings: result.warnings.map((w) => [w.path, w.message]) };
  return { errors: result.errors.map((e) => [e.path, e.message, e.line, e.column]), warnings: [] };
}

describe('scenario files with queues', () => {
  it('accepts queues and queue triggers with AWS defaults', () => {
    const result = parseScenario(JSON.stringify(base()));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const serverless = result.scenario.serverless!;
    expect(serverless.queues[1].visibilityTimeoutMs).toBe(30_000);
    expect(serverless.queueTriggers[0]).toMatchObject({
      batchSize: 10,
      maximumBatchingWindowMs: 0,
    });
    expect(result.warnings).toEqual([]);
  });

  it('names an unknown dead-letter queue, function and queue, with line and column', () => {
    const text = withServerless((s) => {
      (s.queues as Record<string, Record<string, unknown>>[])[0].redrivePolicy = {
        deadLetterTargetQueue: 'jobs-dead',
        maxReceiveCount: 3,
      };
      s.queueTriggers = [{ function: 'wrk', queue: 'job' }];
    });
    // Where a value starts in the text: its line and column, from 1.
    const at = (needle: string) => {
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes(needle));
      return [line + 1, lines[line].indexOf(needle) + 1];
    };
    expect(problems(text).errors).toEqual([
      [
        '/serverless/queues/0/redrivePolicy/deadLetterTargetQueue',
        'unknown queue "jobs-dead" (declared: jobs, jobs-dlq)',
        expect.any(Number),
        expect.any(Number),
      ],
      [
        '/serverless/queueTriggers/0/function',
        'unknown function "wrk" (declared: work)',
        ...at('"wrk"'),
      ],
      [
        '/serverless/queueTriggers/0/queue',
        'unknown queue "job" (declared: jobs, jobs-dlq)',
        ...at('"job"'),
      ],
    ]);
  });

  it('refuses a queue that is its own dead-letter queue, and a large batch without a window', () => {
    const text = withServerless((s) => {
      (s.queues as Record<string, Record<string, unknown>>[])[0].redrivePolicy = {
        deadLetterTargetQueue: 'jobs',
        maxReceiveCount: 3,
      };
      s.queueTriggers = [{ function: 'work', queue: 'jobs', batchSize: 11 }];
    });
    expect(problems(text).errors.map(([path, message]) => [path, message])).toEqual([
      [
        '/serverless/queues/0/redrivePolicy/deadLetterTargetQueue',
        'a queue cannot be its own dead-letter queue',
      ],
      [
        '/serverless/queueTriggers/0/batchSize',
        'a batch size above 10 needs maximumBatchingWindowMs of at least 1000 (Lambda refuses it otherwise)',
      ],
    ]);
  });

  it('warns when the visibility timeout is shorter than the function timeout', () => {
    const text = withServerless((s) => {
      (s.queues as Record<string, unknown>[])[0].visibilityTimeoutMs = 100;
    });
    expect(problems(text).warnings).toEqual([
      [
        '/serverless/queueTriggers/0/queue',
        'queue "jobs" has a visibility timeout (100 ms) shorter than function "work"\'s timeout (300 ms): Lambda refuses such a mapping; here messages may be received again while still being processed',
      ],
    ]);
  });

  it('refuses a maxReceiveCount outside 1 to 1000 and a queue trigger id already used', () => {
    const text = withServerless((s) => {
      (s.queues as Record<string, Record<string, unknown>>[])[0].redrivePolicy = {
        deadLetterTargetQueue: 'jobs-dlq',
        maxReceiveCount: 0,
      };
      s.queueTriggers = [
        { function: 'work', queue: 'jobs' },
        { function: 'work', queue: 'jobs' },
      ];
    });
    const paths = problems(text).errors.map(([path]) => path);
    expect(paths).toEqual([
      '/serverless/queues/0/redrivePolicy/maxReceiveCount',
      '/serverless/queueTriggers/1',
    ]);
  });
});
