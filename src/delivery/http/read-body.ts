import { StringDecoder } from 'node:string_decoder';

/**
 * At most `limit` bytes, decoded as UTF-8. Past the limit, a short remainder is read and dropped so
 * the connection can be reused; a longer one is not read at all (leaving the loop destroys the
 * stream and that connection), so a huge body costs neither memory nor time.
 */
export async function readText(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  // StringDecoder holds back a character split across chunks; when truncating we drop those
  // held-back bytes instead of emitting U+FFFD for half a character.
  const decoder = new StringDecoder('utf8');
  let text = '';
  let kept = 0;
  let seen = 0;
  try {
    for await (const chunk of body) {
      seen += chunk.length;
      if (kept < limit) {
        const part = chunk.subarray(0, limit - kept);
        text += decoder.write(part);
        kept += part.length;
      }
      if (seen > limit + drainBytes) break;
    }
  } catch (error) {
    // Once past the limit we hold all we keep; a failure while draining only costs the connection.
    if (seen <= limit) throw error;
  }
  return seen > limit ? text : text + decoder.end();
}

const drainBytes = 64 * 1024;
