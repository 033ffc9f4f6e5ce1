/**
 * The HTTP header grammar every validator checks against, so that a header accepted when it is
 * published or configured is one a delivery can send: undici throws at send time on a name or
 * value outside it.
 */

// RFC 9110 section 5.6.2 token.
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 section 5.5 field values: visible ASCII, space, tab and obs-text (Latin-1). Anything
// beyond U+00FF cannot be sent at all.
const fieldValue = /^[\t\x20-\x7e\x80-\xff]*$/;
const lineBreakOrNul = /[\r\n\0]/;

export const isHeaderName = (name: string): boolean => token.test(name);

export const isHeaderValue = (value: string): boolean => fieldValue.test(value);

/** Whether `value` holds a CR, LF or NUL, which would split or truncate the header line. */
export const breaksHeaderLine = (value: string): boolean => lineBreakOrNul.test(value);

/**
 * Headers that describe one hop or the framing of the publisher's own request, not the event:
 * forwarding them would corrupt our request (RFC 9110 section 7.6.1). The body is re-serialized,
 * so a content-encoding the publisher declared would no longer describe it either.
 */
const hopOrFraming = new Set([
  'host',
  'content-length',
  'content-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/** For a lower-cased name; proxy-* headers are meant for the next proxy only. */
export const isHopOrFramingHeader = (name: string): boolean => hopOrFraming.has(name) || name.startsWith('proxy-');
