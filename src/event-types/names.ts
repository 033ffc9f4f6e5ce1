import { z } from 'zod';

/**
 * Event type names and the patterns connections subscribe with. Pure, so the grammar is tested
 * without a database.
 */
const WORD = '[a-z][a-z0-9_]*';
const NAME = new RegExp(`^${WORD}(\\.${WORD})*$`);
const PATTERN = new RegExp(`^${WORD}(\\.${WORD})*(\\.\\*)?$`);
const MAX_NAME_LENGTH = 100;
/** Hookrelay's own types (the test ping) live under this prefix; the catalog may not claim it. */
export const RESERVED_PREFIX = 'hookrelay.';

/** Why `name` cannot name an event type, or null when it can. */
export function eventTypeNameProblem(name: string): string | null {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    return `"${name}" is not an event type name: use dotted lowercase words (letters, digits, _; each word starting with a letter), at most ${MAX_NAME_LENGTH} characters, e.g. "order.created"`;
  }
  return null;
}

/** Why `pattern` cannot select event types, or null when it can: a name, or a name ending in ".*". */
function eventTypePatternProblem(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > MAX_NAME_LENGTH + 2 || !PATTERN.test(pattern)) {
    return `"${pattern}" is not an event type pattern: use a type name ("invoice.paid") or a prefix followed by ".*" ("order.*")`;
  }
  return null;
}

/**
 * Whether a connection subscribed to `patterns` receives an event of `eventType`. null patterns
 * receive everything; an event without a type is received only by such connections.
 * "order.*" matches every type under order. ("order.created", "order.item.added"), not "order".
 */
export function receivesEventType(patterns: readonly string[] | null, eventType: string | null): boolean {
  if (patterns === null) return true;
  if (eventType === null) return false;
  return patterns.some((pattern) => (pattern.endsWith('.*') ? eventType.startsWith(pattern.slice(0, -1)) : pattern === eventType));
}

/** A list of event type patterns as an input field: each checked, at least one (null means every type). */
export const eventTypePatterns = z
  .array(
    z.string().superRefine((pattern, ctx) => {
      const problem = eventTypePatternProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  )
  .min(1, 'name at least one type or pattern, or pass null for every type')
  .max(100, 'at most 100 types or patterns');
