import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { unstorableJson } from '../db/storable.ts';
import { isForwardable } from '../delivery/build-request.ts';
import { DomainError } from '../errors.ts';
import { publishEvent, type PublishDeps } from '../events/publish.ts';
import { validateHeaders, validateQuery } from '../events/publish-input.ts';
import type { Authenticator } from '../tenancy/principal.ts';
import { HttpProblem, internalProblem, sendJson, sendProblem, toProblem } from './problems.ts';

export interface PublishRouteDeps {
  publish: PublishDeps;
  authenticator: Authenticator;
  logger: Logger;
  /** HOOKRELAY_MAX_BODY_BYTES */
  maxBodyBytes: number;
}

/**
 * POST /v1/publish[/<path>] for backends that do not speak GraphQL. The body is stored and
 * delivered byte for byte, whatever its content type, so platforms may sign or encode it their own
 * way. Errors are JSON `{ error: { code, message, hint } }` with a fitting HTTP status.
 */
export const PUBLISH_PATH = '/v1/publish';
const SOURCE_HEADER = 'x-hookrelay-source-name';
const EVENT_TYPE_HEADER = 'x-hookrelay-event-type';

// Our own API key and the publish call's controls are not the event's: never stored or forwarded.
// Hop-by-hop and framing headers are dropped by the same rule deliveries use.
const publishControls = new Set(['authorization', 'cookie', 'idempotency-key', SOURCE_HEADER, EVENT_TYPE_HEADER]);
const keepsHeader = (name: string) => isForwardable(name) && !publishControls.has(name);

export async function handlePublish(req: IncomingMessage, res: ServerResponse, deps: PublishRouteDeps): Promise<void> {
  try {
    if (req.method !== 'POST') throw new HttpProblem(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported here`, `Use POST ${PUBLISH_PATH}.`);
    const principal = await deps.authenticator.authenticate(req.headers.authorization);
    if (principal.kind !== 'admin') throw new DomainError('FORBIDDEN', 'A tenant token cannot publish.');
    const sourceName = header(req, SOURCE_HEADER);
    if (!sourceName) {
      throw new HttpProblem(400, 'BAD_USER_INPUT', `The ${SOURCE_HEADER} header is missing`, `Name the source to publish to, e.g. "${SOURCE_HEADER}: acme".`);
    }
    const contentType = header(req, 'content-type');
    if (!contentType) {
      throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The content-type header is missing', 'Any content type is accepted; say which one, e.g. "content-type: application/json".');
    }
    const rawBody = await readBody(req, deps.maxBodyBytes);
    const url = new URL(req.url ?? '/', 'http://hookrelay');
    const headers = validateHeaders(
      Object.fromEntries(Object.entries(req.headers).flatMap(([name, value]) => (!keepsHeader(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]]))),
    );
    const result = await publishEvent(deps.publish, {
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
      bodyText: null,
      eventType: header(req, EVENT_TYPE_HEADER) ?? null,
    });
    sendJson(res, 200, { eventRequestId: result.requestId, events: result.eventIds.length, replayed: result.replayed });
  } catch (error) {
    // The client went away mid-body (Node fails the read with ECONNRESET "aborted"): nothing was
    // stored, and there is no one to answer.
    if ((error as NodeJS.ErrnoException | null)?.code === 'ECONNRESET') {
      deps.logger.debug({ err: error instanceof Error ? error.message : String(error) }, 'publish aborted by the client');
      return;
    }
    const problem = toProblem(error);
    if (!problem) deps.logger.error({ err: error }, 'publish failed');
    else if (problem.code === 'SERVICE_UNAVAILABLE') deps.logger.warn({ err: error }, 'publish refused: database unavailable');
    // Stop reading a body we refused, but let the answer reach the client first.
    res.once('finish', () => req.destroy());
    sendProblem(res, problem ?? internalProblem());
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (bytes: string) =>
    new DomainError('PAYLOAD_TOO_LARGE', `The body is ${bytes} bytes; the limit is ${limit} (HOOKRELAY_MAX_BODY_BYTES).`, { limit });
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
