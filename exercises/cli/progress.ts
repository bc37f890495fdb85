/**
 * A one-line progress bar on a terminal's stderr (nothing when stderr is not a terminal, so logs
 * and CI output stay clean). No library: the repository has none installed, and this is 20 lines.
 */
export interface Progress {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  const width = 30;
  return {
    update(done, total, label) {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      const text = `[${bar}] ${done}/${total} ${label}`;
      stream.write(`\r${text.slice(0, (stream.columns || 80) - 1)}\x1b[K`);
    },
    finish() {
      stream.write('\r\x1b[K');
    },
  };
}
