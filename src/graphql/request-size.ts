import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../errors.ts';

/** Room for the document and the other variables beside a body of HOOKRELAY_MAX_BODY_BYTES. */
const DOCUMENT_ALLOWANCE_BYTES = 65_536;

/**
 * Refuses a GraphQL request over `maxBytes` from its Content-Length, before anything reads or
 * parses its body (a stranger's included: no key is checked yet). With a Content-Length, Node's
 * parser hands over exactly that many bytes, so no count of the body is needed. Yoga's own limit
 * (`maxRequestBodySize`, off in yoga.ts) counts every body through a web TransformStream instead,
 * which cost a quarter of a GraphQL publish's server CPU. A body without a length (chunked) is
 * refused: GraphQL clients send JSON with one.
 */
export function useRequestSizeLimit(maxBodyBytes: number): Plugin {
  const maxBytes = maxBodyBytes + DOCUMENT_ALLOWANCE_BYTES;
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length === null) {
        if (!request.headers.has('transfer-encoding')) return;
        throw new GraphQLError('This GraphQL request came without a Content-Length, so its size is unknown.', {
          extensions: { code: 'LENGTH_REQUIRED', hint: 'Send the body with a Content-Length header (any HTTP client does for a JSON string), not chunked.', http: { status: 411 } },
        });
      }
      const bytes = Number(length);
      if (bytes > maxBytes) {
        throw new DomainError(
          'PAYLOAD_TOO_LARGE',
          `This GraphQL request is ${bytes} bytes; the limit is ${maxBytes} (HOOKRELAY_MAX_BODY_BYTES plus ${DOCUMENT_ALLOWANCE_BYTES} for the document). Publish a smaller body, or a reference to the data.`,
          { limit: 'HOOKRELAY_MAX_BODY_BYTES', max: maxBytes, found: bytes },
        );
      }
    },
  };
}
