import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_DELAY_MS,
  nextRetryDelayMs,
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
      expect(nextRetryDelayMs(rule({ strategy, intervalMs, count: 50 }), failedAttempt, status(500))).toBe(expected);
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
      expect(nextRetryDelayMs(rule({ strategy, intervalMs, count: 5000 }), failedAttempt, error('TIMEOUT'))).toBe(expected);
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
      expect(nextRetryDelayMs(rule({ responseStatusCodes }), 1, outcome)).toBe(retried ? 1000 : null);
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
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => nextRetryDelayMs(r, attempt, status(503)));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, null]);
  });
});
