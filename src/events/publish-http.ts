import type { IncomingMessage, ServerResponse } from 'node:http';
import { unstorableJson } from '../db/storable.ts';
import { isForwardable } from '../delivery/build-request.ts';
import { AppError } from '../errors.ts';
import type { Services } from '../graphql/context.ts';
import { toAppError } from '../graphql/errors.ts';
import type { Authenticator } from '../tenancy/principal.ts';
import { publishEvent } from './publish.ts';
import { validateHeaders, validateQuery } from './publish-input.ts';

/**
 * POST /v1/publish[/<path>] for backends that do not speak GraphQL. The body is stored and
 * delivered byte for byte, whatever its content type, so platforms may sign or encode it their own
 * way. Errors are JSON `{ error: { code, message, hint } }` with a fitting HTTP status.
 */
export const PUBLISH_PATH = '/v1/publish';
const SOURCE_HEADER = 'x-hookrelay-source-name';

// Our own API key and the publish call's controls are not the event's: never stored or forwarded.
// Hop-by-hop and framing headers are dropped by the same rule deliveries use.
const publishControls = new Set(['authorization', 'cookie', 'idempotency-key', SOURCE_HEADER]);
const keepsHeader = (name: string) => isForwardable(name) && !publishControls.has(name);

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const hints: Record<string, string> = {
  UNAUTHENTICATED: 'Send "Authorization: Bearer <admin API key>".',
  FORBIDDEN: "Publishing needs the platform's admin API key, not a tenant token.",
  NOT_FOUND: 'Create the source with upsertConnection first, or check the x-hookrelay-source-name header.',
  BAD_USER_INPUT: 'Fix the named header or value and send again.',
  PAYLOAD_TOO_LARGE: 'Send a smaller body, or a reference to the data.',
  SERVICE_UNAVAILABLE: 'The request may not have been stored: retry shortly with the same idempotency-key, so nothing is stored twice.',
};
const statusOf = (error: AppError) => (error.code === 'BAD_USER_INPUT' ? 400 : error.httpStatus);

export async function handlePublish(req: IncomingMessage, res: ServerResponse, services: Services, authenticator: Authenticator): Promise<void> {
  try {
    if (req.method !== 'POST') throw new HttpProblem(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported here`, `Use POST ${PUBLISH_PATH}.`);
    const principal = await authenticator.authenticate(req.headers.authorization);
    if (principal.kind !== 'admin') throw new AppError('FORBIDDEN', 'A tenant token cannot publish.');
    const sourceName = header(req, SOURCE_HEADER);
    if (!sourceName) {
      throw new HttpProblem(400, 'BAD_USER_INPUT', `The ${SOURCE_HEADER} header is missing`, `Name the source to publish to, e.g. "${SOURCE_HEADER}: acme".`);
    }
    const contentType = header(req, 'content-type');
    if (!contentType) {
      throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The content-type header is missing', 'Any content type is accepted; say which one, e.g. "content-type: application/json".');
    }
    const rawBody = await readBody(req, services.config.maxBodyBytes);
    const url = new URL(req.url ?? '/', 'http://hookrelay');
    const headers = validateHeaders(
      Object.fromEntries(Object.entries(req.headers).flatMap(([name, value]) => (!keepsHeader(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]]))),
    );
    const result = await publishEvent(services, {
      sourceName,
      headers,
      body: jsonView(rawBody, contentType),
      rawBody,
      path: url.pathname.slice(PUBLISH_PATH.length),
      query: validateQuery(
        Object.fromEntries([...new Set(url.searchParams.keys())].map((key) => {
          const values = url.searchParams.getAll(key);
          return [key, values.length === 1 ? values[0] : values];
        })),
        'query',
      ),
      idempotencyKey: header(req, 'idempotency-key') ?? null,
    });
    sendJson(res, 200, { eventRequestId: result.requestId, events: result.eventIds.length, replayed: result.replayed });
  } catch (error) {
    const problem = toProblem(error);
    if (problem.status >= 500 && !(error instanceof AppError)) services.logger.error({ err: error }, 'publish failed');
    // Stop reading a body we refused, but let the answer reach the client first.
    res.once('finish', () => req.destroy());
    sendJson(res, problem.status, { error: { code: problem.code, message: problem.message, hint: problem.hint } });
  }
}

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const appError = toAppError(error);
  if (appError) return new HttpProblem(statusOf(appError), appError.code, appError.message, hints[appError.code] ?? '');
  return new HttpProblem(500, 'INTERNAL_SERVER_ERROR', 'Something unexpected failed; nothing may have been stored.', 'Retry with the same idempotency-key.');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (bytes: string) =>
    new AppError('PAYLOAD_TOO_LARGE', `The body is ${bytes} bytes; the limit is ${limit} (HOOKRELAY_MAX_BODY_BYTES).`, { limit });
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw tooLarge(String(declared));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(`more than ${limit}`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** What filters, transformations and queries see: parsed JSON, the text of a text body, else null. */
function jsonView(raw: Buffer, contentType: string): unknown {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      // What jsonb cannot hold (NUL, a lone surrogate escape, deep nesting) has no JSON view;
      // such a body is still stored and delivered byte for byte.
      return unstorableJson(parsed) ? null : parsed;
    } catch {
      return null;
    }
  }
  if (type.startsWith('text/') || type === 'application/x-www-form-urlencoded' || type === 'application/xml') {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(raw);
    return text.includes('\u0000') ? null : text;
  }
  return null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
