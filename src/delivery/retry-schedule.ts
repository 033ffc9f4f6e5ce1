import { backoffDelayMs } from './backoff.ts';

/**
 * When to try a failed delivery again: one pure function of the connection's retry rule, the
 * number of the attempt that failed and how it failed.
 */
export interface RetryRule {
  strategy: 'LINEAR' | 'EXPONENTIAL';
  /** Retries after the initial attempt: 1 + count attempts in all. */
  count: number;
  /** LINEAR: every delay; EXPONENTIAL: the first delay, doubled for each later retry. */
  intervalMs: number;
  /** Specs for parseStatusCodeSpecs; empty = retry any non-2xx status. */
  responseStatusCodes: string[];
}

/**
 * How an attempt ended: the receiver answered, or the request failed before it could.
 * `retryAfter` is the raw Retry-After header of the response, if it had one.
 */
export type AttemptOutcome = { responseStatus: number; retryAfter?: string } | { errorCode: string };

export interface RetryDelayOptions {
  /** Source of the jitter, returning [0, 1) like the default Math.random; tests pin it to 0.5 for none. */
  random?: () => number;
  /**
   * Spreads each computed delay uniformly over ±jitter of itself, so deliveries that failed
   * together (a receiver outage) do not all come back in the same instant. 0 to 1; default 0.1.
   */
  jitter?: number;
  /** Longest wait a Retry-After header can ask for; default 3_600_000 (1 hour). */
  maxRetryAfterMs?: number;
  /** Epoch milliseconds that an HTTP-date Retry-After is measured from; default Date.now(). */
  now?: number;
}

export const DEFAULT_JITTER = 0.1;
/** Errors no retry can fix; every other network error and timeout is retried. */
export const FINAL_ERROR_CODES: ReadonlySet<string> = new Set(['SSRF_BLOCKED', 'INVALID_DESTINATION']);
export const DEFAULT_MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Whether a response status is one to retry. */
export type StatusCodeMatcher = (status: number) => boolean;

/** A longer delay is more likely a misconfiguration than an intent, and would outlive the history. */
export const MAX_RETRY_DELAY_MS = 7 * 24 * 60 * 60 * 1000;

const MIN_CODE = 100;
const MAX_CODE = 599;
const specPattern = /^(!?)(\d{3})(?:-(\d{3}))?$/;
const acceptedForms = `use a status code such as "429", a range such as "500-599", or either prefixed with "!" to exclude it ("!404", "!400-403"); codes are ${MIN_CODE}-${MAX_CODE}`;

export class StatusCodeSpecError extends Error {
  constructor(
    readonly spec: string,
    readonly index: number,
    reason: string,
  ) {
    super(`responseStatusCodes[${index}] ${JSON.stringify(spec)} ${reason}; ${acceptedForms}`);
    this.name = 'StatusCodeSpecError';
  }
}

interface Range {
  low: number;
  high: number;
}

/**
 * A status matches when it is in at least one positive entry (or there are none, so "!404" alone
 * means "anything but 404") and in no negative entry. Throws StatusCodeSpecError on the first bad
 * entry.
 */
export function parseStatusCodeSpecs(specs: string[]): StatusCodeMatcher {
  const include: Range[] = [];
  const exclude: Range[] = [];
  specs.forEach((spec, index) => {
    const match = specPattern.exec(spec.trim());
    if (!match) throw new StatusCodeSpecError(spec, index, 'is not a status code spec');
    const [, negation, lowText, highText] = match;
    const low = Number(lowText);
    const high = highText === undefined ? low : Number(highText);
    if (low < MIN_CODE || high > MAX_CODE) throw new StatusCodeSpecError(spec, index, 'is outside the status code range');
    if (low > high) throw new StatusCodeSpecError(spec, index, 'is a range whose start is above its end');
    (negation ? exclude : include).push({ low, high });
  });
  const within = (status: number) => (range: Range) => status >= range.low && status <= range.high;
  return (status) => (include.length === 0 || include.some(within(status))) && !exclude.some(within(status));
}

/**
 * Milliseconds to wait before the next attempt, or null to give up: the attempt succeeded (2xx),
 * the rule's retries are used up, or the status is not one the rule retries. Errors without a
 * response (timeout, refused connection...) are always retried while retries remain.
 *
 * The rule's delay gets ±options.jitter. A 429 or 503 whose Retry-After asks for a later time
 * than that waits as asked instead, up to options.maxRetryAfterMs; Retry-After never shortens a
 * delay nor decides whether to retry, and one we cannot parse is ignored. Throws RangeError on a
 * bad attempt number or option, StatusCodeSpecError on a bad rule.
 *
 * @param failedAttemptNumber 1-based; attempt 1 is the initial one, so retry n follows attempt n.
 */
export function nextRetryDelayMs(
  rule: RetryRule,
  failedAttemptNumber: number,
  outcome: AttemptOutcome,
  options: RetryDelayOptions = {},
): number | null {
  if (!Number.isInteger(failedAttemptNumber) || failedAttemptNumber < 1) {
    throw new RangeError(`failedAttemptNumber must be an integer >= 1, got ${failedAttemptNumber}`);
  }
  const { random = Math.random, jitter = DEFAULT_JITTER, maxRetryAfterMs = DEFAULT_MAX_RETRY_AFTER_MS } = options;
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`jitter must be between 0 and 1, got ${jitter}`);
  if (!(maxRetryAfterMs >= 0)) throw new RangeError(`maxRetryAfterMs must be >= 0, got ${maxRetryAfterMs}`);
  if ('responseStatus' in outcome) {
    const { responseStatus } = outcome;
    if (responseStatus >= 200 && responseStatus < 300) return null;
    if (!parseStatusCodeSpecs(rule.responseStatusCodes)(responseStatus)) return null;
  }
  // A blocked address or a broken destination stays so: retrying would only repeat the refusal.
  if ('errorCode' in outcome && FINAL_ERROR_CODES.has(outcome.errorCode)) return null;
  if (failedAttemptNumber > rule.count) return null;
  const retryNumber = failedAttemptNumber;
  const base = backoffDelayMs({ initialMs: rule.intervalMs, factor: rule.strategy === 'LINEAR' ? 1 : 2, maxMs: MAX_RETRY_DELAY_MS }, retryNumber);
  const delay = withJitter(base, jitter, random);
  const asked =
    'responseStatus' in outcome && honoursRetryAfter(outcome.responseStatus)
      ? parseRetryAfterMs(outcome.retryAfter, options.now ?? Date.now())
      : null;
  if (asked === null) return delay;
  return Math.max(delay, Math.min(asked, maxRetryAfterMs, MAX_RETRY_DELAY_MS));
}

/**
 * RFC 9110 gives Retry-After meaning on 503 and on redirects; RFC 6585 adds 429. A redirect is
 * not something we retry for the receiver's sake, so only the two "come back later" answers count.
 */
function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

/** Capped again so the jitter cannot push the longest delay past the 7-day limit. */
function withJitter(delay: number, jitter: number, random: () => number): number {
  const sample = random();
  if (!(sample >= 0 && sample <= 1)) throw new RangeError(`random() must return a number in [0, 1], got ${sample}`);
  const factor = 1 + jitter * (2 * sample - 1);
  return Math.min(Math.max(0, Math.round(delay * factor)), MAX_RETRY_DELAY_MS);
}

const deltaSeconds = /^\d+$/;
const days = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const longDays = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = `(${months.join('|')})`;
const time = '(\\d{2}):(\\d{2}):(\\d{2})';
// The three forms of RFC 9110 section 5.6.7: recipients must accept the two obsolete ones too.
const imfFixdate = new RegExp(`^${days}, (\\d{2}) ${month} (\\d{4}) ${time} GMT$`);
const rfc850Date = new RegExp(`^${longDays}, (\\d{2})-${month}-(\\d{2}) ${time} GMT$`);
const asctimeDate = new RegExp(`^${days} ${month} ( \\d|\\d{2}) ${time} (\\d{4})$`);

/**
 * Milliseconds from `now` that a Retry-After value asks to wait (0 for a date already past), or
 * null when there is no value or it is neither delta-seconds nor an HTTP-date. Parsed by hand
 * because Date.parse accepts almost anything ("1" is the year 2001) and would turn junk into waits.
 */
export function parseRetryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (deltaSeconds.test(text)) return Number(text) * 1000;
  const date = parseHttpDate(text, now);
  return date === null ? null : Math.max(0, Math.ceil(date - now));
}

function parseHttpDate(text: string, now: number): number | null {
  let match = imfFixdate.exec(text);
  if (match) return utc(Number(match[3]), match[2], match[1], match.slice(4, 7));
  match = asctimeDate.exec(text);
  if (match) return utc(Number(match[6]), match[1], match[2], match.slice(3, 6));
  match = rfc850Date.exec(text);
  if (!match) return null;
  // RFC 9110: a two-digit year that would be more than 50 years in the future is in the past century.
  const currentYear = new Date(now).getUTCFullYear();
  let year = Math.floor(currentYear / 100) * 100 + Number(match[3]);
  if (year > currentYear + 50) year -= 100;
  return utc(year, match[2], match[1], match.slice(4, 7));
}

/** Null for impossible dates such as 31 Feb or 25:00, which Date.UTC would roll over. */
function utc(year: number, monthName: string, dayText: string, [hourText, minuteText, secondText]: string[]): number | null {
  const monthIndex = months.indexOf(monthName);
  const [day, hour, minute, second] = [dayText, hourText, minuteText, secondText].map(Number);
  if (hour > 23 || minute > 59 || second > 60) return null;
  const date = new Date(Date.UTC(year, monthIndex, day, hour, minute, Math.min(second, 59)));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== monthIndex || date.getUTCDate() !== day) return null;
  // Second 60 is a leap second, which Date cannot hold; it ends where the next minute starts.
  return date.getTime() + (second === 60 ? 1000 : 0);
}
