import { z } from 'zod';
import { authHeaderNameProblem } from '../delivery/build-request.ts';
import { breaksHeaderLine, isHeaderValue } from '../delivery/http/header-grammar.ts';
import { parseStatusCodeSpecs, StatusCodeSpecError } from '../delivery/retry-schedule.ts';
import { prismaJsonKeyProblem, unstorableJson } from '../db/storable.ts';
import { DomainError } from '../errors.ts';
import { eventTypePatterns } from '../event-types/names.ts';
import { fieldPathProblem } from '../rules/dedupe.ts';
import { FilterError, validateFilter } from '../rules/filter.ts';
import { validateTransformCode } from '../sandbox/syntax-check.ts';
import { isValidSecret } from '../signing/standard-webhooks.ts';

/**
 * upsertConnection's input, validated once at the boundary. Errors name the input path (for
 * example `input.rules.retry.count`) and say what would be accepted.
 */
const name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} name must not be empty`)
    .max(200, `${what} name must be at most 200 characters`)
    .regex(/^[^\s\u0000-\u001f][^\u0000-\u001f]*$/, `${what} name must not contain control characters`);

const webhookUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL; use an absolute http(s) URL such as https://example.com/webhooks` });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `URL scheme "${url.protocol}" is not supported; use http or https` });
  }
  if (!url.hostname) ctx.addIssue({ code: 'custom', message: 'URL must have a host' });
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'URL must not contain credentials; use the destination auth settings instead' });
  }
});

const retryRule = z.object({
  strategy: z.enum(['LINEAR', 'EXPONENTIAL']),
  count: z.number().int().min(0, 'count must be 0 (no retries) or more').max(50, 'count must be at most 50'),
  intervalMs: z
    .number()
    .int()
    .min(1, 'intervalMs must be at least 1')
    .max(86_400_000, 'intervalMs must be at most 86400000 (24 h)'),
  responseStatusCodes: z
    .array(z.string())
    .nullish()
    .superRefine((specs, ctx) => {
      if (!specs) return;
      try {
        parseStatusCodeSpecs(specs);
      } catch (error) {
        if (!(error instanceof StatusCodeSpecError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
      }
    }),
});

const filterRule = z.unknown().superRefine((filter, ctx) => {
  if (filter == null) return;
  try {
    validateFilter(filter);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    // The GraphQL path plus the filter's own path, e.g. input.rules.filter.body.amount.$gt.
    ctx.addIssue({ code: 'custom', message: error.message, path: error.path ? error.path.split('.') : [] });
  }
}).optional();

const transformCode = z
  .string()
  .max(65_536, 'transformCode must be at most 64 KiB')
  .nullish()
  .superRefine((code, ctx) => {
    if (code == null) return;
    const checked = validateTransformCode(code);
    if (!checked.ok) {
      const where = checked.line ? ` (line ${checked.line}, column ${checked.column ?? 1})` : '';
      ctx.addIssue({ code: 'custom', message: `transformCode does not compile${where}: ${checked.message}` });
    }
  });

const deduplicateRule = z.object({
  windowMs: z
    .number()
    .int()
    .min(1, 'windowMs must be at least 1')
    .max(604_800_000, 'windowMs must be at most 604800000 (7 days)'),
  fields: z
    .array(
      z.string().superRefine((path, ctx) => {
        const problem = fieldPathProblem(path);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .max(20, 'list at most 20 fields')
    .nullish(),
});

const credentialText = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(4096, `${what} must be at most 4096 characters`)
    .refine((text) => !breaksHeaderLine(text), `${what} must not contain line breaks or NUL`)
    .nullish();

/** Deliveries per period of a rate limit (the schedule spaces them period / count apart). */
const deliveryCount = (field: string, per: string) =>
  z
    .number()
    .int(`${field} must be a whole number of deliveries ${per}`)
    .min(1, `${field} must be at least 1 (null removes the limit)`)
    .max(100_000, `${field} must be at most 100000 (null removes the limit)`);

/** Which fields each strategy needs is checked here, so a delivery never meets a half-set destination. */
const destinationAuth = z
  .object({
    strategy: z.enum(['STANDARD_WEBHOOKS', 'CUSTOM_SIGNATURE', 'BASIC', 'BEARER', 'API_KEY', 'NONE']),
    secret: z.string().nullish(),
    headerName: z.string().nullish(),
    username: credentialText('username').refine((name) => !name?.includes(':'), 'username must not contain ":" (HTTP Basic)'),
    password: credentialText('password'),
    // Sent as a header value as it is (BEARER, API_KEY), so it must be one HTTP can carry.
    token: credentialText('token').refine(
      (token) => token == null || isHeaderValue(token),
      'token may hold only visible ASCII, spaces, tabs and Latin-1 characters: it is sent in an HTTP header',
    ),
  })
  .superRefine((auth, ctx) => {
    const need = (field: 'username' | 'password' | 'token' | 'headerName', why: string) => {
      if (!auth[field]) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required: ${why}` });
    };
    if (auth.secret != null) {
      if (auth.strategy === 'STANDARD_WEBHOOKS' && !isValidSecret(auth.secret)) {
        ctx.addIssue({
          code: 'custom',
          path: ['secret'],
          message: 'secret must be "whsec_" followed by base64 of 24 to 64 random bytes; omit it to have one generated',
        });
      }
      if (auth.strategy === 'CUSTOM_SIGNATURE' && auth.secret.length < 16) {
        ctx.addIssue({ code: 'custom', path: ['secret'], message: 'secret must be at least 16 characters; omit it to have one generated' });
      }
    }
    if (auth.strategy === 'BASIC') {
      need('username', 'BASIC sends "Authorization: Basic base64(username:password)"');
      need('password', 'BASIC sends "Authorization: Basic base64(username:password)"');
    }
    if (auth.strategy === 'BEARER') need('token', 'BEARER sends "Authorization: Bearer <token>"');
    if (auth.strategy === 'API_KEY') {
      need('headerName', 'API_KEY sends the key (token) in this header');
      need('token', 'API_KEY sends this value in headerName');
    }
    if (auth.headerName != null && (auth.strategy === 'API_KEY' || auth.strategy === 'CUSTOM_SIGNATURE')) {
      const problem = authHeaderNameProblem(auth.headerName);
      if (problem) ctx.addIssue({ code: 'custom', path: ['headerName'], message: problem });
    }
  });

/**
 * Headers a destination adds to every delivery: sendable names and values, none that Hookrelay
 * sets itself (its prefix, webhook-*, content-type, framing, user-agent). The strategy's own auth
 * header is checked against the stored destination by upsertConnection.
 */
const destinationHeaders = z
  .record(z.string(), z.string({ error: 'header values must be strings' }))
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 headers' });
    for (const [name, value] of Object.entries(headers)) {
      const problem = authHeaderNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: `${problem}; choose another header name` });
      else if (value.length > 4096 || !isHeaderValue(value)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'the value must be at most 4096 visible ASCII or Latin-1 characters, spaces or tabs, with no line breaks' });
      }
    }
  });

/** The name travels in the x-hookrelay-source-name header of publishes and deliveries, where
 * anything beyond ASCII either fails to send or arrives as bytes receivers decode differently. */
export const sourceName = name('Source').regex(/^[\x20-\x7e]*$/, 'Source name must use printable ASCII only (it is sent in the x-hookrelay-source-name header), e.g. "tokyo" instead of "東京"');

export const upsertConnectionInput = z.object({
  name: name('Connection'),
  description: z.string().max(500, 'description must be at most 500 characters').nullish(),
  source: z.object({ name: sourceName }),
  destination: z
    .object({
      name: name('Destination'),
      url: webhookUrl,
      auth: destinationAuth.nullish(),
      rateLimitPerSecond: deliveryCount('rateLimitPerSecond', 'per second').nullish(),
      rateLimit: z.object({ count: deliveryCount('count', 'per period'), period: z.enum(['SECOND', 'MINUTE', 'HOUR']) }).nullish(),
      headers: destinationHeaders.nullish(),
    })
    .superRefine((destination, ctx) => {
      if (destination.rateLimit === undefined || destination.rateLimitPerSecond === undefined) return;
      const message = 'give rateLimit or rateLimitPerSecond, not both (rateLimitPerSecond: n is rateLimit: { count: n, period: SECOND })';
      ctx.addIssue({ code: 'custom', path: ['rateLimit'], message });
    })
    // One shape for the domain: rateLimitPerSecond is the contract's shorthand for a limit per second.
    .transform(({ rateLimitPerSecond, ...destination }) =>
      rateLimitPerSecond === undefined
        ? destination
        : { ...destination, rateLimit: rateLimitPerSecond === null ? null : { count: rateLimitPerSecond, period: 'SECOND' as const } },
    ),
  rules: z
    .object({
      retry: retryRule.nullish(),
      delayMs: z
        .number()
        .int()
        .min(0, 'delayMs must be 0 or more')
        .max(604_800_000, 'delayMs must be at most 604800000 (7 days)')
        .nullish(),
      filter: filterRule,
      transformCode,
      deduplicate: deduplicateRule.nullish(),
      ordered: z.boolean().nullish(),
      eventTypes: eventTypePatterns.nullish(),
    })
    .nullish(),
});

export type UpsertConnectionInput = z.infer<typeof upsertConnectionInput>;

/** Parses or throws BAD_USER_INPUT naming the first bad field, with every problem in `details`. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  // First, and for every string: names, URLs, header names, filters and code are all stored, and a
  // deep filter would overflow the recursive filter validation.
  const unstorable = unstorableJson(value, prismaJsonKeyProblem);
  if (unstorable) {
    const field = `${root}${unstorable.at}`;
    throw new DomainError('BAD_USER_INPUT', `${field}: ${unstorable.problem}`, { field, problems: [{ field, message: unstorable.problem }] });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const [first] = problems;
  throw new DomainError('BAD_USER_INPUT', `${first.field}: ${first.message}`, { field: first.field, problems });
}
