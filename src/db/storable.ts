/**
 * What PostgreSQL cannot keep as given, checked at the input boundary so that such input is refused
 * with the field at fault instead of failing the INSERT (an internal error) or being stored altered:
 * - NUL (U+0000): neither text nor jsonb can hold it;
 * - an unpaired UTF-16 surrogate (not Unicode text): jsonb refuses it, text silently stores U+FFFD;
 * - JSON nested deeper than MAX_JSON_DEPTH: recursive serializers (JSON.stringify, canonical JSON
 *   for deduplication, filter matching) would overflow their stack long before jsonb's own limit.
 */
export const MAX_JSON_DEPTH = 100;

// With the u flag a surrogate pair is one code point, so only unpaired halves match.
const loneSurrogate = /[\ud800-\udfff]/u;

/** Why `text` cannot be stored as is, or undefined. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000), which PostgreSQL cannot store';
  if (loneSurrogate.test(text)) return 'must not contain an unpaired UTF-16 surrogate (it is not valid Unicode text)';
  return undefined;
}

/** For JSON written through Prisma, which drops a "__proto__" key without a word (Prisma 7.10). */
export function prismaJsonKeyProblem(key: string): string | undefined {
  if (key === '__proto__') return 'must not be "__proto__", which is lost when stored';
  return textProblem(key);
}

/**
 * The first place in a JSON value that cannot be stored, as a path below it (`""` for the value
 * itself, `.order.items[2]`), with the reason; undefined when all of it can. Iterative, so a value
 * nested far beyond any stack is still checked safely.
 */
export function unstorableJson(value: unknown, keyProblem = textProblem): { at: string; problem: string } | undefined {
  const pending: { value: unknown; at: string; depth: number }[] = [{ value, at: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, at, depth } = next;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { at, problem };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { at, problem: `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep` };
    const isArray = Array.isArray(current);
    for (const [key, item] of Object.entries(current)) {
      const child = isArray ? `${at}[${key}]` : `${at}${/^[\w$-]+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
      const problem = keyProblem(key);
      if (problem) return { at: child, problem: `(the key) ${problem}` };
      pending.push({ value: item, at: child, depth: depth + 1 });
    }
  }
  return undefined;
}
