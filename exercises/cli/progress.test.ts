import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { duration, progressBar } from './progress.ts';

/** A stream that keeps what was written; a terminal or not. */
function sink(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('progress over a class', () => {
  it('writes one plain line per student, without control characters, when not on a terminal', () => {
    const out = sink(false);
    const bar = progressBar(out.stream);
    bar.update(0, 3, '');
    bar.update(1, 3, 'ann');
    bar.update(2, 3, 'bob');
    bar.update(3, 3, 'cy');
    bar.finish();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^graded 1 of 3: ann \(about .+ left\)$/);
    expect(lines[2]).toBe('graded 3 of 3: cy');
    // eslint-disable-next-line no-control-regex
    expect(out.text()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('draws a bar with the students done and the time left on a terminal, and clears it at the end', () => {
    const out = sink(true);
    const bar = progressBar(out.stream);
    bar.update(0, 40, '');
    bar.update(1, 40, 'ann');
    bar.finish();
    expect(out.text()).toMatch(/Grading \[[^\]]+\] \d+\/40 students \| ETA /);
    expect(out.text()).toContain('\u001b[?25l'); // the cursor is hidden while it draws...
    expect(out.text()).toContain('\u001b[?25h'); // ...and shown again
  });

  it('says a duration the way a person would', () => {
    expect(duration(40_000)).toBe('40 s');
    expect(duration(180_000)).toBe('3 min');
    expect(duration(125 * 60_000)).toBe('2 h 5 min');
  });
});
