import { createHash } from 'node:crypto';

/**
 * Deduplication compares a request's body, or the listed fields of it, with the requests already
 * accepted on the same connection within the window. Equality is by value: object key order and
 * whitespace do not matter, array order does. A listed field that is missing counts as missing
 * (two bodies that both lack it are equal on it), which differs from a field set to null.
 */
export function dedupeKey(body: unknown, fields: readonly string[]): string {
  const compared = fields.length === 0 ? body : fields.map((field) => valueAt(body, field));
  return createHash('sha256').update(canonicalJson(compared)).digest('base64url');
}

/** Dot-separated path into objects and arrays: `order.items.0.sku`. */
export function valueAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** JSON with object keys sorted, and `undefined` written as a marker that JSON cannot produce. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '#missing';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** A field path is non-empty dot-separated segments; refused paths name what is wrong. */
export function fieldPathProblem(path: string): string | undefined {
  if (path.trim() === '') return 'field paths must not be empty';
  if (path.split('.').some((segment) => segment === '')) return `"${path}" has an empty segment; write paths like "order.id"`;
  return undefined;
}
