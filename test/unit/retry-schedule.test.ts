import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  nextRetryDelayMs,
  parseRetryAfterMs,
  parseStatusCodeSpecs,
  StatusCodeSpecError,
  type AttemptOutcome,
  type RetryRule,
} from '../../src/delivery/retry-schedule.ts';

const rule = (overrides: Partial<RetryRule> = {}): RetryRule => ({
  strategy: 'LINEAR',
  count: 3,
  intervalMs: 1000,
  responseStatusCodes: [],
  ...overrides,
});
const status = (responseStatus: number): AttemptOutcome => ({ responseStatus });
const error = (errorCode: string): AttemptOutcome => ({ errorCode });
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
/** random() = 0.5 is the middle of the jitter range: no jitter, so delays are exact. */
const noJitter = { random: () => 0.5 };

describe('parseStatusCodeSpecs', () => {
  const cases: [specs: string[], matching: number[], notMatching: number[]][] = [
    [[], [100, 199, 300, 404, 500, 599], []],
    [['429'], [429], [428, 430, 500]],
    [['500-599'], [500, 503, 599], [499, 429]],
    [['500-599', '429'], [429, 500, 599], [404, 428]],
    [['500-500'], [500], [499, 501]],
    [['!404'], [400, 403, 405, 500, 302], [404]],
    [['!400-403'], [399, 404, 500], [400, 401, 403]],
    [['400-599', '!404', '!410-419'], [400, 405, 409, 420, 503], [404, 410, 415, 419, 302, 399]],
    // A code both included and excluded is excluded: negative entries always win.
    [['404', '!404'], [], [404, 500]],
    [['100-599'], [100, 599], []],
    [[' 429 '], [429], [430]],
  ];

  it.each(cases)('%j matches %j and not %j', (specs, matching, notMatching) => {
    const matches = parseStatusCodeSpecs(specs);
    for (const code of matching) expect(matches(code), `${code}`).toBe(true);
    for (const code of notMatching) expect(matches(code), `${code}`).toBe(false);
  });

  const invalid: [specs: string[], index: number, reason: RegExp][] = [
    [['abc'], 0, /is not a status code spec/],
    [['500', ''], 1, /is not a status code spec/],
    [['5xx'], 0, /is not a status code spec/],
    [['50'], 0, /is not a status code spec/],
    [['5000'], 0, /is not a status code spec/],
    [['500-'], 0, /is not a status code spec/],
    [['-500'], 0, /is not a status code spec/],
    [['500 - 599'], 0, /is not a status code spec/],
    [['!!404'], 0, /is not a status code spec/],
    [['! 404'], 0, /is not a status code spec/],
    [['500,502'], 0, /is not a status code spec/],
    [['+500'], 0, /is not a status code spec/],
    [['1e3'], 0, /is not a status code spec/],
    [['429', '404', '099'], 2, /outside the status code range/],
    [['600'], 0, /outside the status code range/],
    [['500-600'], 0, /outside the status code range/],
    [['!000-200'], 0, /outside the status code range/],
    [['599-500'], 0, /start is above its end/],
  ];

  it.each(invalid)('%j is refused at index %i', (specs, index, reason) => {
    let thrown: unknown;
    try {
      parseStatusCodeSpecs(specs);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(StatusCodeSpecError);
    const specError = thrown as StatusCodeSpecError;
    expect(specError.index).toBe(index);
    expect(specError.spec).toBe(specs[index]);
    expect(specError.message).toMatch(reason);
    expect(specError.message).toContain(`responseStatusCodes[${index}] ${JSON.stringify(specs[index])}`);
    // The message teaches the accepted forms.
    expect(specError.message).toContain('"500-599"');
    expect(specError.message).toContain('"!404"');
    expect(specError.message).toContain('100-599');
  });
});

describe('nextRetryDelayMs', () => {
  describe('delays by strategy and retry number', () => {
    const cases: [strategy: RetryRule['strategy'], intervalMs: number, failedAttempt: number, expected: number][] = [
      ['LINEAR', 1000, 1, 1000],
      ['LINEAR', 1000, 2, 1000],
      ['LINEAR', 1000, 5, 1000],
      ['LINEAR', 1, 3, 1],
      ['EXPONENTIAL', 1000, 1, 1000],
      ['EXPONENTIAL', 1000, 2, 2000],
      ['EXPONENTIAL', 1000, 3, 4000],
      ['EXPONENTIAL', 1000, 4, 8000],
      ['EXPONENTIAL', 1000, 5, 16000],
      ['EXPONENTIAL', 30_000, 10, 30_000 * 512],
      ['EXPONENTIAL', 1, 50, MAX_RETRY_DELAY_MS],
    ];

    it.each(cases)('%s every %i ms, after attempt %i: %i ms', (strategy, intervalMs, failedAttempt, expected) => {
      expect(nextRetryDelayMs(rule({ strategy, intervalMs, count: 50 }), failedAttempt, status(500), noJitter)).toBe(expected);
    });
  });

  describe('caps every delay at 7 days', () => {
    const cases: [strategy: RetryRule['strategy'], intervalMs: number, failedAttempt: number, expected: number][] = [
      ['EXPONENTIAL', DAY, 3, 4 * DAY],
      ['EXPONENTIAL', DAY, 4, MAX_RETRY_DELAY_MS],
      ['EXPONENTIAL', DAY, 50, MAX_RETRY_DELAY_MS],
      ['EXPONENTIAL', 86_400_000, 2000, MAX_RETRY_DELAY_MS],
      ['LINEAR', 8 * DAY, 1, MAX_RETRY_DELAY_MS],
      ['LINEAR', 7 * DAY, 1, 7 * DAY],
    ];

    it.each(cases)('%s every %i ms, after attempt %i: %i ms', (strategy, intervalMs, failedAttempt, expected) => {
      expect(MAX_RETRY_DELAY_MS).toBe(7 * DAY);
      expect(nextRetryDelayMs(rule({ strategy, intervalMs, count: 5000 }), failedAttempt, error('TIMEOUT'), noJitter)).toBe(expected);
    });
  });

  describe('gives up when the retries are used up: 1 + count attempts in all', () => {
    const cases: [count: number, failedAttempt: number, retried: boolean][] = [
      [0, 1, false],
      [1, 1, true],
      [1, 2, false],
      [3, 1, true],
      [3, 3, true],
      [3, 4, false],
      [3, 10, false],
    ];

    it.each(cases)('count %i, attempt %i failed: retried %s', (count, failedAttempt, retried) => {
      for (const outcome of [status(500), error('TIMEOUT')]) {
        const delay = nextRetryDelayMs(rule({ count }), failedAttempt, outcome);
        expect(delay === null ? false : delay > 0).toBe(retried);
      }
    });
  });

  describe('which outcomes are retried', () => {
    const cases: [responseStatusCodes: string[], outcome: AttemptOutcome, retried: boolean][] = [
      [[], status(200), false],
      [[], status(201), false],
      [[], status(204), false],
      [[], status(299), false],
      [[], status(500), true],
      [[], status(503), true],
      [[], status(404), true],
      [[], status(429), true],
      [[], status(302), true],
      [[], status(199), true],
      [['500-599'], status(500), true],
      [['500-599'], status(404), false],
      [['500-599'], status(429), false],
      [['500-599', '429'], status(429), true],
      [['!404'], status(404), false],
      [['!404'], status(410), true],
      [['400-599', '!400-403'], status(401), false],
      [['400-599', '!400-403'], status(409), true],
      // A 2xx is a success even when the specs would match it.
      [['200-599'], status(200), false],
      // Errors without a response are always retried, whatever the specs say.
      [['500-599'], error('TIMEOUT'), true],
      [['429'], error('CONNECTION_REFUSED'), true],
      [['!400-599'], error('DNS'), true],
      [[], error('NETWORK'), true],
    ];

    it.each(cases)('specs %j, outcome %j: retried %s', (responseStatusCodes, outcome, retried) => {
      expect(nextRetryDelayMs(rule({ responseStatusCodes }), 1, outcome, noJitter)).toBe(retried ? 1000 : null);
    });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt number %d', (failedAttempt) => {
    expect(() => nextRetryDelayMs(rule(), failedAttempt, status(500))).toThrow(RangeError);
  });

  it('throws StatusCodeSpecError for a rule with a bad spec', () => {
    expect(() => nextRetryDelayMs(rule({ responseStatusCodes: ['5xx'] }), 1, status(500))).toThrow(StatusCodeSpecError);
  });

  it('full schedule of an EXPONENTIAL rule', () => {
    const r = rule({ strategy: 'EXPONENTIAL', count: 5, intervalMs: 30_000 });
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => nextRetryDelayMs(r, attempt, status(503), noJitter));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, null]);
  });
});

describe('jitter', () => {
  const cases: [random: number, jitter: number | undefined, intervalMs: number, expected: number][] = [
    // Default ±10%.
    [0, undefined, 1000, 900],
    [0.25, undefined, 1000, 950],
    [0.5, undefined, 1000, 1000],
    [0.75, undefined, 1000, 1050],
    [0.999, undefined, 1000, 1100],
    [1, undefined, 1000, 1100],
    [0, 0.5, 1000, 500],
    [1, 0.5, 1000, 1500],
    [0, 0, 1000, 1000],
    [1, 0, 1000, 1000],
    // ±100% reaches 0 but never below.
    [0, 1, 1000, 0],
    [1, 1, 1000, 2000],
    // Rounded to whole milliseconds.
    [0, 0.1, 7, 6],
    [0.75, 0.1, 1, 1],
    [0.1, 0.1, 333, 306],
    [0, 0.1, 0, 0],
  ];
  it.each(cases)('random %d, jitter %s, every %i ms: %i ms', (sample, jitter, intervalMs, expected) => {
    expect(nextRetryDelayMs(rule({ intervalMs }), 1, status(500), { random: () => sample, jitter })).toBe(expected);
  });

  it('applies to the doubled EXPONENTIAL delay', () => {
    const r = rule({ strategy: 'EXPONENTIAL', intervalMs: 1000, count: 5 });
    expect(nextRetryDelayMs(r, 3, error('TIMEOUT'), { random: () => 0 })).toBe(3600);
    expect(nextRetryDelayMs(r, 3, error('TIMEOUT'), { random: () => 1 })).toBe(4400);
  });

  it('never takes a delay past the 7-day cap', () => {
    const r = rule({ strategy: 'EXPONENTIAL', intervalMs: DAY, count: 50 });
    expect(nextRetryDelayMs(r, 10, status(500), { random: () => 1 })).toBe(MAX_RETRY_DELAY_MS);
    expect(nextRetryDelayMs(r, 10, status(500), { random: () => 0 })).toBe(Math.round(MAX_RETRY_DELAY_MS * 0.9));
  });

  it('stays within ±jitter of the delay, for any rule, attempt and random value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RetryRule['strategy']>('LINEAR', 'EXPONENTIAL'),
        fc.integer({ min: 0, max: 10 * DAY }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (strategy, intervalMs, attempt, jitter, sample) => {
          const r = rule({ strategy, intervalMs, count: 60 });
          const exact = nextRetryDelayMs(r, attempt, error('TIMEOUT'), { random: () => 0.5 }) ?? Number.NaN;
          const delay = nextRetryDelayMs(r, attempt, error('TIMEOUT'), { random: () => sample, jitter }) ?? Number.NaN;
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.max(0, Math.floor(exact * (1 - jitter))));
          expect(delay).toBeLessThanOrEqual(Math.min(MAX_RETRY_DELAY_MS, Math.ceil(exact * (1 + jitter))));
        },
      ),
    );
  });

  it('uses Math.random by default, spreading delays over ±10%', () => {
    const delays = Array.from({ length: 200 }, () => nextRetryDelayMs(rule({ intervalMs: 10_000 }), 1, status(500)) ?? Number.NaN);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(9000);
      expect(delay).toBeLessThanOrEqual(11_000);
    }
    expect(new Set(delays).size).toBeGreaterThan(10);
    expect(delays.some((delay) => delay < 10_000) && delays.some((delay) => delay > 10_000)).toBe(true);
  });

  it('does not draw a random number when giving up', () => {
    const random = vi.fn(() => 0.5);
    expect(nextRetryDelayMs(rule({ count: 1 }), 2, status(500), { random })).toBeNull();
    expect(nextRetryDelayMs(rule(), 1, status(200), { random })).toBeNull();
    expect(random).not.toHaveBeenCalled();
  });

  it.each([-0.1, 1.01, Number.NaN, Number.POSITIVE_INFINITY])('refuses jitter %d', (jitter) => {
    expect(() => nextRetryDelayMs(rule(), 1, status(500), { jitter })).toThrow(/jitter must be between 0 and 1/);
  });

  it.each([-0.5, 1.5, Number.NaN])('refuses a random() that returns %d', (sample) => {
    expect(() => nextRetryDelayMs(rule(), 1, status(500), { random: () => sample })).toThrow(RangeError);
  });

  it.each([-1, Number.NaN])('refuses maxRetryAfterMs %d', (maxRetryAfterMs) => {
    expect(() => nextRetryDelayMs(rule(), 1, status(500), { maxRetryAfterMs })).toThrow(/maxRetryAfterMs must be >= 0/);
  });
});

// Sunday 15 June 2025, 12:00:00 UTC.
const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

describe('parseRetryAfterMs', () => {
  const cases: [value: string | undefined, expected: number | null][] = [
    // delta-seconds
    ['120', 120_000],
    ['0', 0],
    ['1', 1000],
    ['007', 7000],
    [' 5 ', 5000],
    ['86400', DAY],
    // IMF-fixdate, the preferred form
    ['Sun, 15 Jun 2025 12:01:30 GMT', 90_000],
    ['Mon, 16 Jun 2025 12:00:00 GMT', DAY],
    ['Sun, 15 Jun 2025 12:00:00 GMT', 0],
    // The day name is not checked against the date: the date is what the sender meant.
    ['Fri, 15 Jun 2025 12:01:30 GMT', 90_000],
    // Dates already past ask for no wait at all.
    ['Sun, 15 Jun 2025 11:59:59 GMT', 0],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    // Obsolete RFC 850 form, two-digit years read within 50 years ahead.
    ['Sunday, 15-Jun-25 12:01:30 GMT', 90_000],
    ['Sunday, 15-Jun-70 12:00:00 GMT', Date.UTC(2070, 5, 15, 12) - NOW],
    ['Tuesday, 15-Jun-99 12:00:00 GMT', 0],
    // Obsolete asctime form, with its space-padded day.
    ['Sun Jun 15 12:01:30 2025', 90_000],
    ['Tue Jun 17 12:00:00 2025', 2 * DAY],
    ['Sun Jun  5 12:00:00 2025', 0],
    // A leap second ends where the next minute starts.
    ['Wed, 31 Dec 2025 23:59:60 GMT', Date.UTC(2026, 0, 1) - NOW],
    // Anything else is ignored.
    [undefined, null],
    ['', null],
    ['   ', null],
    ['soon', null],
    ['-5', null],
    ['+5', null],
    ['1.5', null],
    ['1e3', null],
    ['0x10', null],
    ['5 seconds', null],
    ['2025-06-15T12:01:30Z', null],
    ['Jun 2025', null],
    ['Sun, 15 Jun 2025 12:01:30 UTC', null],
    ['Sun, 15 Jun 2025 12:01:30', null],
    ['sun, 15 jun 2025 12:01:30 GMT', null],
    ['Sun, 15 June 2025 12:01:30 GMT', null],
    ['Sun, 5 Jun 2025 12:01:30 GMT', null],
    ['Sun, 15 Jun 25 12:01:30 GMT', null],
    ['Sun, 31 Feb 2025 12:00:00 GMT', null],
    ['Sun, 00 Jun 2025 12:00:00 GMT', null],
    ['Sun, 15 Jun 2025 24:00:00 GMT', null],
    ['Sun, 15 Jun 2025 12:60:00 GMT', null],
    ['Sun, 15 Jun 2025 12:00:61 GMT', null],
    ['Sun, 15 Jun 2025 12:01:30 GMT, 120', null],
    ['Sunday, 15-Jun-2025 12:01:30 GMT', null],
    ['Sun Jun 15 12:01:30 2025 GMT', null],
  ];
  it.each(cases)('%j: %s', (value, expected) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(expected);
  });

  it('measures dates from a now with milliseconds', () => {
    expect(parseRetryAfterMs('Sun, 15 Jun 2025 12:01:30 GMT', NOW + 250)).toBe(89_750);
  });

  it('reads back every date that toUTCString prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) / 1000 }), (seconds) => {
        const date = new Date(seconds * 1000);
        expect(parseRetryAfterMs(date.toUTCString(), 0)).toBe(date.getTime());
      }),
    );
  });

  it('never yields a negative or fractional wait', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 2 ** 42 }), (value, now) => {
        const wait = parseRetryAfterMs(value, now);
        if (wait !== null) {
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(wait) || wait === Number.POSITIVE_INFINITY).toBe(true);
        }
      }),
    );
  });
});

describe('Retry-After', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const at = (responseStatus: number, retryAfter?: string): AttemptOutcome => ({ responseStatus, retryAfter });
  const cases: [name: string, outcome: AttemptOutcome, intervalMs: number, expected: number | null][] = [
    ['429 asking for longer waits as asked', at(429, '120'), 1000, 120_000],
    ['503 asking for longer waits as asked', at(503, '120'), 1000, 120_000],
    ['an HTTP-date later than the delay', at(429, 'Sun, 15 Jun 2025 12:01:30 GMT'), 1000, 90_000],
    ['an obsolete-form date', at(503, 'Sun Jun 15 12:01:30 2025'), 1000, 90_000],
    ['asking for less keeps the longer delay', at(429, '60'), 600_000, 600_000],
    ['asking for the same wait', at(429, '60'), 60_000, 60_000],
    ['asking for no wait keeps the delay', at(429, '0'), 1000, 1000],
    ['a past date keeps the delay', at(503, 'Sun, 15 Jun 2025 11:00:00 GMT'), 1000, 1000],
    ['garbage keeps the delay', at(429, 'later please'), 1000, 1000],
    ['an ISO date is not an HTTP-date', at(429, '2025-06-15T13:00:00Z'), 1000, 1000],
    ['no header keeps the delay', at(429), 1000, 1000],
    ['capped at one hour by default', at(429, '7200'), 1000, DEFAULT_MAX_RETRY_AFTER_MS],
    ['a far date is capped too', at(503, 'Mon, 16 Jun 2025 12:00:00 GMT'), 1000, HOUR],
    ['an absurd number is capped', at(429, '9'.repeat(400)), 1000, HOUR],
    ['capped below the delay keeps the delay', at(429, String(3 * 60 * 60)), 2 * HOUR, 2 * HOUR],
    ['ignored on 500', at(500, '120'), 1000, 1000],
    ['ignored on 502', at(502, '120'), 1000, 1000],
    ['ignored on 404', at(404, '120'), 1000, 1000],
    ['ignored on a redirect', at(301, '120'), 1000, 1000],
    ['does not make a success retry', at(200, '120'), 1000, null],
  ];
  it.each(cases)('%s', (_name, outcome, intervalMs, expected) => {
    expect(nextRetryDelayMs(rule({ intervalMs }), 1, outcome, { ...noJitter, now: NOW })).toBe(expected);
  });

  it('is not jittered, while the delay it competes with is', () => {
    expect(nextRetryDelayMs(rule(), 1, at(429, '120'), { random: () => 0, now: NOW })).toBe(120_000);
    expect(nextRetryDelayMs(rule(), 1, at(429, '120'), { random: () => 1, now: NOW })).toBe(120_000);
    // The jittered delay (1100 ms) is later than the 1 s asked for, so it wins.
    expect(nextRetryDelayMs(rule(), 1, at(429, '1'), { random: () => 1, now: NOW })).toBe(1100);
    expect(nextRetryDelayMs(rule(), 1, at(429, '1'), { random: () => 0, now: NOW })).toBe(1000);
  });

  it('follows maxRetryAfterMs', () => {
    const ask = (maxRetryAfterMs: number) => nextRetryDelayMs(rule(), 1, at(429, '120'), { ...noJitter, maxRetryAfterMs });
    expect(ask(10_000)).toBe(10_000);
    expect(ask(120_000)).toBe(120_000);
    expect(ask(0)).toBe(1000);
    // The 7-day limit on every delay still holds.
    expect(nextRetryDelayMs(rule(), 1, at(429, String(30 * 24 * 60 * 60)), { maxRetryAfterMs: Infinity })).toBe(MAX_RETRY_DELAY_MS);
  });

  it('never decides whether to retry, only when', () => {
    expect(nextRetryDelayMs(rule({ count: 2 }), 3, at(429, '120'), noJitter)).toBeNull();
    expect(nextRetryDelayMs(rule({ responseStatusCodes: ['500-599'] }), 1, at(429, '120'), noJitter)).toBeNull();
    expect(nextRetryDelayMs(rule({ responseStatusCodes: ['!503'] }), 1, at(503, '120'), noJitter)).toBeNull();
  });

  it('measures HTTP-dates from the clock by default', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    expect(nextRetryDelayMs(rule(), 1, at(503, 'Sun, 15 Jun 2025 12:01:30 GMT'), noJitter)).toBe(90_000);
  });

  it('is never below the jittered delay nor above the cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(429, 503),
        fc.oneof(fc.nat().map(String), fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()), fc.string()),
        fc.integer({ min: 0, max: 2 * HOUR }),
        fc.integer({ min: 0, max: 3 * HOUR }),
        (responseStatus, retryAfter, intervalMs, maxRetryAfterMs) => {
          const delay = nextRetryDelayMs(rule({ intervalMs }), 1, at(responseStatus, retryAfter), { ...noJitter, maxRetryAfterMs, now: NOW });
          expect(delay).toBeGreaterThanOrEqual(intervalMs);
          expect(delay).toBeLessThanOrEqual(Math.max(intervalMs, maxRetryAfterMs));
        },
      ),
    );
  });
});

describe('errors no retry can fix', () => {
  it('gives up at once on SSRF_BLOCKED, but retries other network errors', () => {
    const rule = { strategy: 'LINEAR' as const, count: 5, intervalMs: 1000, responseStatusCodes: [] };
    expect(nextRetryDelayMs(rule, 1, { errorCode: 'SSRF_BLOCKED' }, { random: () => 0.5 })).toBeNull();
    expect(nextRetryDelayMs(rule, 1, { errorCode: 'CONNECTION_REFUSED' }, { random: () => 0.5 })).toBe(1000);
  });
});
