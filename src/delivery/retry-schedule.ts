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

/** How an attempt ended: the receiver answered, or the request failed before it could. */
export type AttemptOutcome = { responseStatus: number } | { errorCode: string };

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
 * @param failedAttemptNumber 1-based; attempt 1 is the initial one, so retry n follows attempt n.
 */
export function nextRetryDelayMs(rule: RetryRule, failedAttemptNumber: number, outcome: AttemptOutcome): number | null {
  if (!Number.isInteger(failedAttemptNumber) || failedAttemptNumber < 1) {
    throw new RangeError(`failedAttemptNumber must be an integer >= 1, got ${failedAttemptNumber}`);
  }
  if ('responseStatus' in outcome) {
    const { responseStatus } = outcome;
    if (responseStatus >= 200 && responseStatus < 300) return null;
    if (!parseStatusCodeSpecs(rule.responseStatusCodes)(responseStatus)) return null;
  }
  if (failedAttemptNumber > rule.count) return null;
  const retryNumber = failedAttemptNumber;
  const delay = rule.strategy === 'LINEAR' ? rule.intervalMs : rule.intervalMs * 2 ** (retryNumber - 1);
  return Math.min(delay, MAX_RETRY_DELAY_MS);
}
