import { SingleBar } from 'cli-progress';

/**
 * Progress over a class, on stderr (stdout keeps the results): on a terminal a bar with the
 * students done and an estimate of the time left (cli-progress), otherwise one plain line per
 * student graded, so logs and CI output read well and hold no control characters. Labels are
 * student names, untrusted: callers pass them through `oneLine`.
 */
export interface Progress {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? terminalBar(stream) : plainLines(stream);
}

function terminalBar(stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar({
    stream,
    format: 'Grading [{bar}] {value}/{total} students | ETA {eta_formatted} | {student}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
  let started = false;
  return {
    update(done, total, label) {
      if (!started) bar.start(total, done, { student: label });
      else bar.update(done, { student: label });
      started = true;
    },
    finish() {
      if (started) bar.stop();
    },
  };
}

/** `graded 3 of 40: alice (about 2 min left)`, one line per student graded. */
function plainLines(stream: NodeJS.WriteStream, now = () => Date.now()): Progress {
  const startedAt = now();
  return {
    update(done, total, label) {
      if (done === 0) return;
      const leftMs = ((now() - startedAt) / done) * (total - done);
      const left = done < total ? ` (about ${duration(leftMs)} left)` : '';
      stream.write(`graded ${done} of ${total}: ${label}${left}\n`);
    },
    finish() {},
  };
}

/** A rough duration for a person: `40 s`, `3 min`, `2 h 5 min`. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
