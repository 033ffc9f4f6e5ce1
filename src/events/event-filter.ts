import { z } from 'zod';
import type { Prisma } from '../db/prisma.ts';
import { idFloorAt } from '../ids.ts';

const EVENT_STATUSES = ['SCHEDULED', 'QUEUED', 'HOLD', 'SUCCESSFUL', 'FAILED', 'CANCELLED'] as const;

/** The events query's filter, also kept (as JSON) by a bulk retry running in the background. */
export const eventFilterSchema = z.object({
  sourceId: z.coerce.string().nullish(),
  sourceName: z.string().nullish(),
  connectionId: z.coerce.string().nullish(),
  status: z.array(z.enum(EVENT_STATUSES)).nullish(),
  createdAfter: z.coerce.date().nullish(),
  createdBefore: z.coerce.date().nullish(),
});

export type EventFilter = z.infer<typeof eventFilterSchema>;

/** Ids start with their creation time, so time bounds become id bounds on the same index. */
export function eventWhere(filter: EventFilter | null | undefined): Prisma.EventWhereInput {
  if (!filter) return {};
  const id: Prisma.StringFilter = {};
  if (filter.createdAfter) id.gte = idFloorAt('evt', filter.createdAfter.getTime());
  if (filter.createdBefore) id.lt = idFloorAt('evt', filter.createdBefore.getTime());
  return {
    ...(filter.sourceId ? { sourceId: filter.sourceId } : {}),
    ...(filter.sourceName ? { source: { name: filter.sourceName } } : {}),
    ...(filter.connectionId ? { connectionId: filter.connectionId } : {}),
    ...(filter.status?.length ? { status: { in: filter.status } } : {}),
    ...(Object.keys(id).length ? { id } : {}),
  };
}
