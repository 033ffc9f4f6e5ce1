import { store, useStore } from './store.ts';

/** One clock for every relative time on the page, ticking every 15 s while the page is open. */
const now = store(Date.now());
setInterval(() => now.set(Date.now()), 15_000);

// The viewer's locale and time zone (the browser's defaults).
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
// Seconds always as a number ("5 seconds ago"): 'auto' says "now", which reads oddly after "since".
const secondsFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'always' });
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

export function relativeTime(date: Date, at: number): string {
  let amount = (date.getTime() - at) / 1000;
  if (Math.abs(amount) < 60) {
    const seconds = Math.max(1, Math.round(Math.abs(amount)));
    return secondsFormat.format(amount > 0 ? seconds : -seconds, 'second');
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
    amount /= size;
  }
  return absolute.format(date);
}

export const absoluteTime = (date: Date) => absolute.format(date);

/**
 * A point in time: relative ("3 minutes ago") with the absolute time in the viewer's zone as its
 * title, or both side by side (`both`). The machine-readable value is in `datetime`.
 */
export function Time({ value, both = false }: { value: string | null | undefined; both?: boolean }) {
  const at = useStore(now);
  if (!value) return <span class="muted">—</span>;
  const date = new Date(value);
  const full = `${absolute.format(date)} (${zone})`;
  return (
    <time dateTime={date.toISOString()} title={full}>
      {both ? (
        <>
          {absolute.format(date)} <span class="muted">({relativeTime(date, at)})</span>
        </>
      ) : (
        relativeTime(date, at)
      )}
    </time>
  );
}
