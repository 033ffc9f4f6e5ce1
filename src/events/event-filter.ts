import { z } from 'zod';
import type { Db, Prisma } from '../db/prisma.ts';
import { badInput } from '../errors.ts';
import { eventTypePatterns } from '../event-types/names.ts';
import { idFloorAt } from '../ids.ts';

const eventTypeWhere = (pattern: string): Prisma.EventRequestWhereInput =>
  pattern.endsWith('.*') ? { eventType: { startsWith: pattern.slice(0, -1) } } : { eventType: pattern };

const EVENT_STATUSES = ['SCHEDULED', 'QUEUED', 'HOLD', 'SUCCESSFUL', 'FAILED', 'CANCELLED'] as const;

/** The events query's filter, also kept (as JSON) by a bulk retry running in the background. */
export const eventFilterSchema = z.object({
  sourceId: z.coerce.string().nullish(),
  sourceName: z.string().nullish(),
  connectionId: z.coerce.string().nullish(),
  status: z.array(z.enum(EVENT_STATUSES)).nullish(),
  createdAfter: z.coerce.date().nullish(),
  createdBefore: z.coerce.date().nullish(),
  eventTypes: eventTypePatterns.nullish(),
});

/** The filter of a request, or BAD_USER_INPUT naming the field at fault. */
export function parseEventFilter(value: unknown): EventFilter {
  const parsed = eventFilterSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const field = ['filter', ...(issue?.path ?? []).map(String)].join('.');
  throw badInput(field, `${field}: ${issue?.message ?? 'is invalid'}`);
}

export type EventFilter = z.infer<typeof eventFilterSchema>;

// Sources are never renamed or deleted, so a name's id, once found, holds for good; per client,
// because each Db is its own database. Unknown names are not kept: the source may come later.
const sourceIdsByName = new WeakMap<Db, Map<string, string>>();
const KEPT_SOURCE_IDS = 10_000;

/** The id of the source named `name`, from memory after the first lookup; null when there is none. */
export async function sourceIdNamed(db: Db, name: string): Promise<string | null> {
  let ids = sourceIdsByName.get(db);
  if (!ids) sourceIdsByName.set(db, (ids = new Map()));
  const known = ids.get(name);
  if (known) return known;
  const source = await db.source.findUnique({ where: { name }, select: { id: true } });
  if (!source) return null;
  if (ids.size >= KEPT_SOURCE_IDS) ids.delete(ids.keys().next().value as string);
  ids.set(name, source.id);
  return source.id;
}

/**
 * Rows of the source named `name`, by its id. Looked up first because filtering through a join on
 * the name hid from the planner which source was meant: it joined and sorted all of a source's
 * events (8 ms at 10k events, worse as they grow) instead of reading the first page off the
 * (source_id, id) index (0.1 ms). An unknown name matches nothing.
 */
export async function sourceNamed(db: Db, name: string): Promise<{ sourceId: string | { in: string[] } }> {
  return { sourceId: (await sourceIdNamed(db, name)) ?? { in: [] } };
}

/** Ids start with their creation time, so time bounds become id bounds on the same index. */
export async function eventWhere(db: Db, filter: EventFilter | null | undefined): Promise<Prisma.EventWhereInput> {
  if (!filter) return {};
  const id: Prisma.StringFilter = {};
  if (filter.createdAfter) id.gte = idFloorAt('evt', filter.createdAfter.getTime());
  if (filter.createdBefore) id.lt = idFloorAt('evt', filter.createdBefore.getTime());
  return {
    AND: [
      filter.sourceId ? { sourceId: filter.sourceId } : {},
      filter.sourceName ? await sourceNamed(db, filter.sourceName) : {},
      filter.connectionId ? { connectionId: filter.connectionId } : {},
      filter.status?.length ? { status: { in: filter.status } } : {},
      Object.keys(id).length ? { id } : {},
      filter.eventTypes?.length ? { request: { OR: filter.eventTypes.map(eventTypeWhere) } } : {},
    ],
  };
}
