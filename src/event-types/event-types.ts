import { Prisma, type Db } from '../db/prisma.ts';
import { unstorableJson } from '../db/storable.ts';
import { DomainError, badInput } from '../errors.ts';
import type { EventType } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { eventTypeNameProblem, RESERVED_PREFIX } from './names.ts';
import { schemaProblems, violationsOf, type Violation } from './schema.ts';

export interface EventTypeInput {
  name: string;
  description?: string | null;
  schema?: unknown;
  example?: unknown;
  deprecated?: boolean | null;
}

const describe = (violations: Violation[]) => violations.map((v) => `${v.path} ${v.message}`).join('; ');

/** Refuses a value with every way it breaks the schema, each with its JSON Pointer. */
function refuse(field: string, what: string, violations: Violation[]): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field} ${what}: ${describe(violations)}`, { field, violations });
}

/**
 * Creates or updates the type by name (idempotent: the same input twice changes nothing). The
 * schema must compile (draft 2020-12) and the example must match it; fields left out keep their
 * value on update.
 */
export async function upsertEventType(db: Db, input: EventTypeInput): Promise<EventType> {
  const problem = eventTypeNameProblem(input.name);
  if (problem) throw badInput('input.name', `input.name: ${problem}`);
  if (input.name.startsWith(RESERVED_PREFIX)) throw badInput('input.name', `input.name: "${RESERVED_PREFIX}*" names are Hookrelay's own; choose another prefix`);
  if (input.description != null && input.description.length > 2_000) throw badInput('input.description', 'input.description: use at most 2000 characters');
  for (const field of ['schema', 'example'] as const) {
    const unstorable = input[field] == null ? undefined : unstorableJson(input[field]);
    if (unstorable) throw badInput(`input.${field}`, `input.${field}${unstorable.at}: ${unstorable.problem}`);
  }
  const existing = await db.eventType.findUnique({ where: { name: input.name } });
  const schema = input.schema !== undefined ? input.schema : existing?.schema;
  const example = input.example !== undefined ? input.example : existing?.example;
  if (input.schema != null) {
    const problems = schemaProblems(input.schema);
    if (problems.length > 0) throw refuse('input.schema', 'is not a valid JSON Schema (draft 2020-12)', problems);
  }
  if (schema != null && example != null) {
    const violations = violationsOf(schema as object, example);
    if (violations.length > 0) throw refuse('input.example', `does not match the schema of ${input.name}`, violations);
  }
  const data = {
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.schema !== undefined ? { schema: jsonOrNull(input.schema) } : {}),
    ...(input.example !== undefined ? { example: jsonOrNull(input.example) } : {}),
    ...(input.deprecated != null ? { deprecated: input.deprecated } : {}),
  };
  return db.eventType.upsert({ where: { name: input.name }, create: { id: newId('ety'), name: input.name, ...data }, update: data });
}

const jsonOrNull = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** What a publish of `eventType` is checked against: the type's schema (null accepts any body). */
export interface KnownType {
  name: string;
  schema: object | boolean | null;
}

/**
 * Checks a published body against its type. An unknown type is accepted unless `requireKnown`
 * (HOOKRELAY_REQUIRE_EVENT_TYPES), then refused with the catalog's names.
 */
export async function assertPublishedType(
  db: Db,
  eventType: string,
  known: KnownType | null,
  body: unknown,
  options: { requireKnown: boolean; field: string; bodyField: string },
): Promise<void> {
  const problem = eventTypeNameProblem(eventType);
  if (problem) throw badInput(options.field, `${options.field}: ${problem}`);
  if (!known) {
    if (!options.requireKnown) return;
    const names = (await db.eventType.findMany({ where: { deprecated: false }, select: { name: true }, orderBy: { name: 'asc' }, take: 100 })).map((t) => t.name);
    throw badInput(
      options.field,
      `${options.field}: "${eventType}" is not in the event type catalog, and HOOKRELAY_REQUIRE_EVENT_TYPES is on. Known types: ${names.length ? names.join(', ') : 'none yet (create them with upsertEventType)'}`,
    );
  }
  if (known.schema === null) return;
  const violations = violationsOf(known.schema, body);
  if (violations.length > 0) throw refuse(options.bodyField, `does not match the schema of event type ${eventType}`, violations);
}
