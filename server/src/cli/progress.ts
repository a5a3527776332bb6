/**
 * Progress of a long command (`crm import` of many days): on a terminal, one status line redrawn
 * in place under the command's own lines; elsewhere (a log file, a pipe, cron) nothing but the
 * command's plain lines.
 */

export interface ProgressState {
  done: number;
  total: number;
  /** the item under way (a day folder), null when none */
  current: string | null;
  /** since the command started, and since the current item started */
  elapsedMs: number;
  currentMs: number;
  /** rows imported so far */
  rows: number;
}

const seconds = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
};

/** The status line: a bar of `width` cells, the count, the item under way, rows, time left from the days done so far. */
export function progressLine(p: ProgressState, width = 24): string {
  const filled = p.total ? Math.min(width, Math.floor((p.done / p.total) * width)) : 0;
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const parts = [`[${bar}] ${p.done}/${p.total} day(s)`];
  if (p.current) parts.push(`importing ${p.current} (${seconds(p.currentMs)})`);
  parts.push(`${p.rows.toLocaleString('en-US')} rows`);
  if (p.done > 0 && p.done < p.total) {
    const perDay = (p.elapsedMs - p.currentMs) / p.done;
    parts.push(`about ${seconds(Math.max(0, perDay * (p.total - p.done) - p.currentMs))} left`);
  }
  return parts.join(' · ');
}

/** A status line kept at the bottom of a terminal; `log` prints a line above it. Without a terminal, `log` is console.log and the status is never drawn. */
export function statusLine(stream: NodeJS.WriteStream, render: () => string, everyMs = 500): { log: (line: string) => void; stop: () => void } {
  if (!stream.isTTY) return { log: (line) => console.log(line), stop: () => undefined };
  const clear = () => stream.write('\r\x1b[2K');
  const draw = () => {
    clear();
    stream.write(render().slice(0, Math.max(20, (stream.columns || 100) - 1)));
  };
  const timer = setInterval(draw, everyMs);
  draw();
  return {
    log(line) {
      clear();
      stream.write(`${line}\n`);
      draw();
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
