// How figures read in the UI: short, with units, and never "NaN" or "undefined" (a dash instead).

const DASH = '—';

/** 1234 → "1,234"; 1234567 → "1.23M" when compact. */
export function formatCount(n: number | null | undefined, opts: { compact?: boolean } = {}): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (opts.compact && Math.abs(n) >= 10_000) {
    const units: [number, string][] = [
      [1e9, 'B'],
      [1e6, 'M'],
      [1e3, 'k'],
    ];
    for (const [size, unit] of units)
      if (Math.abs(n) >= size)
        return `${trimZeros((n / size).toFixed(n / size >= 100 ? 0 : n / size >= 10 ? 1 : 2))}${unit}`;
  }
  return Math.round(n).toLocaleString('en-US');
}

/** A percentage already in % (the overview's error rate): 3 significant figures at most, "0%" for zero. */
export function formatPercent(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return DASH;
  if (pct === 0) return '0%';
  if (Math.abs(pct) < 0.01) return '<0.01%';
  return `${trimZeros(pct.toFixed(pct >= 10 ? 1 : 2))}%`;
}

/** A ratio 0..1 (functionStats' errorRate) as a percentage. */
export function formatRatio(r: number | null | undefined): string {
  return r === null || r === undefined ? DASH : formatPercent(r * 100);
}

/** Events per second: "12.3/s", "0.05/s", "1.2k/s". */
export function formatPerSec(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (n === 0) return '0/s';
  if (n >= 1000) return `${trimZeros((n / 1000).toFixed(1))}k/s`;
  if (n >= 100) return `${Math.round(n)}/s`;
  if (n >= 1) return `${trimZeros(n.toFixed(1))}/s`;
  return `${trimZeros(n.toFixed(2))}/s`;
}

/** A duration in ms: "850 µs", "12.4 ms", "1.25 s", "2 min 5 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const a = Math.abs(ms);
  if (a === 0) return '0 ms';
  if (a < 1) return `${Math.round(ms * 1000)} µs`;
  if (a < 100) return `${trimZeros(ms.toFixed(a < 10 ? 2 : 1))} ms`;
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${trimZeros((ms / 1000).toFixed(2))} s`;
  const min = Math.floor(a / 60_000);
  return `${ms < 0 ? '-' : ''}${min} min ${Math.round((a - min * 60_000) / 1000)} s`;
}

/** A duration on a chart axis: short, no compound units ("100 s", "20 ms", "500 µs"). */
export function formatMsAxis(ms: number): string {
  if (ms >= 1000) return `${trimZeros((ms / 1000).toFixed(2))} s`;
  if (ms >= 1) return `${trimZeros(ms.toFixed(2))} ms`;
  return `${trimZeros((ms * 1000).toFixed(1))} µs`;
}

/** A memory delta in bytes, signed: "+1.5 KB", "-2 MB", "0 B". */
export function formatBytes(b: number | null | undefined, opts: { signed?: boolean } = {}): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return DASH;
  const sign = b < 0 ? '-' : opts.signed && b > 0 ? '+' : '';
  let a = Math.abs(b);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let u = 0;
  while (a >= 1024 && u < units.length - 1) {
    a /= 1024;
    u++;
  }
  return `${sign}${u === 0 ? Math.round(a) : trimZeros(a.toFixed(a >= 100 ? 0 : 1))} ${units[u]}`;
}

/** "1.50" → "1.5", "2.00" → "2". */
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * The line that says what went wrong. For a Python traceback that is the first line after its
 * last indented frame line (`ValueError: out of stock`), not its last line: a message can run on
 * over several lines ("For more information check: …"). Anything else: its first line.
 */
export function exceptionHeadline(exception: string | null | undefined): string {
  if (!exception) return '';
  const lines = exception.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim());
  if (first < 0) return '';
  if (/^Traceback \(most recent call last\)/.test(lines[first].trim())) {
    let lastFrame = -1;
    lines.forEach((l, i) => {
      if (/^\s+\S/.test(l)) lastFrame = i;
    });
    const after = lines.slice(lastFrame + 1).find((l) => l.trim());
    if (after) return after.trim();
  }
  return lines[first].trim();
}
