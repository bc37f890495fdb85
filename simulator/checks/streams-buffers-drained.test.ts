import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { buffersDrained } from './streams-buffers-drained.ts';

const retention = { retentionMs: 100 };

function assigned(t: TraceBuilder, instance: string): TraceBuilder {
  return t.push({
    type: 'task.assigned',
    instance,
    task: '0_0',
    partitions: [{ topic: 'in', partition: 0 }],
  });
}

function buffered(t: TraceBuilder, instance: string, key: string, ts: number): TraceBuilder {
  return t.push({
    type: 'join.buffered',
    instance,
    task: '0_0',
    processor: 'JOINTHIS',
    store: 'left-store',
    side: 'left',
    key,
    value: key,
    timestampMs: ts,
  });
}

function expired(
  t: TraceBuilder,
  instance: string,
  key: string,
  ts: number,
  streamTimeMs: number,
): TraceBuilder {
  return t.push({
    type: 'join.expired',
    instance,
    task: '0_0',
    store: 'left-store',
    key,
    value: key,
    timestampMs: ts,
    streamTimeMs,
  });
}

function windowUpdated(t: TraceBuilder, key: string, startMs: number, ts: number): TraceBuilder {
  return t.push({
    type: 'window.updated',
    instance: 's1',
    task: '0_0',
    processor: 'AGG',
    store: 'counts',
    key,
    windowStartMs: startMs,
    windowEndMs: startMs + 50,
    value: 1,
    timestampMs: ts,
  });
}

describe('buffersDrained', () => {
  it('holds when every record past its retention expired and younger ones may stay', () => {
    const t = assigned(new TraceBuilder(), 's1');
    buffered(t, 's1', 'a', 0).push({
      type: 'record.processed',
      instance: 's1',
      task: '0_0',
      topic: 'in',
      partition: 0,
      offset: 0,
      key: 'a',
      timestampMs: 0,
      streamTimeMs: 0,
    });
    buffered(t, 's1', 'b', 150);
    expired(t, 's1', 'a', 0, 150);
    buffered(t, 's1', 'c', 200);
    expect(buffersDrained(t.events, retention)).toEqual({ ok: true });
  });

  it('reports where a record came into a buffer it never left although its retention passed', () => {
    const t = assigned(new TraceBuilder(), 's1');
    const leaked = t.length;
    buffered(t, 's1', 'a', 0);
    buffered(t, 's1', 'b', 101);
    const verdict = buffersDrained(t.events, retention);
    expect(verdict).toMatchObject({ ok: false, index: leaked });
    expect(verdict.ok || verdict.message).toMatch(
      /record \(key a, value a, timestamp 0 ms\) entered join buffer left-store of task 0_0 and never left it, though its stream time reached 101 ms/,
    );
  });

  it('only judges the final owner of a task: what a crashed or revoked owner held is gone', () => {
    const t = assigned(new TraceBuilder(), 's1');
    buffered(buffered(t, 's1', 'a', 0), 's1', 'z', 200).push({
      type: 'actor.crashed',
      actor: 's1',
    });
    assigned(t, 's2');
    buffered(t, 's2', 'b', 150);
    expired(t, 's2', 'b', 150, 300);
    const c = t.length;
    buffered(t, 's2', 'c', 300);
    expect(buffersDrained(t.events, retention)).toEqual({ ok: true });
    buffered(t, 's2', 'd', 401);
    expect(buffersDrained(t.events, retention)).toMatchObject({ ok: false, index: c });
  });

  it('reports a window that stayed open after its processor passed its start plus retention', () => {
    const t = assigned(new TraceBuilder(), 's1');
    windowUpdated(t, 'a', 0, 10);
    windowUpdated(t, 'a', 0, 20);
    t.push({
      type: 'window.closed',
      instance: 's1',
      task: '0_0',
      processor: 'AGG',
      store: 'counts',
      key: 'a',
      windowStartMs: 0,
      windowEndMs: 50,
      value: 2,
      streamTimeMs: 150,
    });
    const open = t.length;
    windowUpdated(t, 'b', 100, 120);
    windowUpdated(t, 'c', 200, 210);
    expect(buffersDrained(t.events, retention)).toMatchObject({ ok: false, index: open });
    expect(buffersDrained(t.events, { retentionMs: 110 })).toEqual({ ok: true });
  });

  it('reads a test driver trace, whose events name no instance, from the start', () => {
    const t = new TraceBuilder();
    t.push({
      type: 'join.buffered',
      task: '0_0',
      processor: 'J',
      store: 's',
      side: 'right',
      key: 'a',
      value: 1,
      timestampMs: 0,
    });
    t.push({
      type: 'join.buffered',
      task: '0_0',
      processor: 'J',
      store: 's',
      side: 'right',
      key: 'b',
      value: 1,
      timestampMs: 500,
    });
    expect(buffersDrained(t.events, retention)).toMatchObject({ ok: false, index: 0 });
  });
});
