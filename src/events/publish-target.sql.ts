import type pg from 'pg';
import type { KnownType } from '../event-types/event-types.ts';
import type { ConnectionPlanInput } from './plan.ts';

interface TargetRow {
  source_id: string;
  id: string | null;
  name: string;
  delay_ms: number;
  filter: unknown;
  transform_code: string | null;
  dedupe_window_ms: number | null;
  dedupe_fields: string[];
  event_types: string[] | null;
  held: boolean;
  type_name: string | null;
  type_schema: object | boolean | null;
  config_version: string;
}

export interface PublishTarget {
  id: string;
  connections: ConnectionPlanInput[];
  /** The catalog entry of the published type; null when the type is unknown or none was given. */
  eventType: KnownType | null;
  /** publish_config's version this was read at: an insert stores what was planned against it only while it is current. */
  configVersion: string;
}

export interface TargetQuery {
  sourceName: string;
  eventType: string | null;
}

/**
 * The source, the rules of its live connections and the catalog entry of the published type, for
 * many publishes in one round trip (concurrent publishes are batched: db/batch.ts); publishing is
 * the hot path, and plain SQL here costs a fraction of the ORM's CPU. Equal queries are asked once.
 * Read in one statement with the rows, so the version names exactly what they say.
 * Answers in the order of `queries`, null for an unknown source.
 */
export async function findPublishTargets(pool: Pick<pg.Pool, 'query'>, queries: TargetQuery[]): Promise<Array<PublishTarget | null>> {
  const keyOf = (q: TargetQuery) => JSON.stringify([q.sourceName, q.eventType]);
  const unique = [...new Map(queries.map((q) => [keyOf(q), q])).values()];
  // Named: each connection parses and plans it once (prepared), not on every publish.
  const { rows } = await pool.query<TargetRow & { i: string }>({
    name: 'find-publish-targets',
    text: `SELECT q.i, s.id AS source_id, c.id, c.name, c.delay_ms, c.filter, c.transform_code, c.dedupe_window_ms, c.dedupe_fields,
            c.event_types, (c.paused_at IS NOT NULL OR d.disabled_at IS NOT NULL) AS held, t.name AS type_name, t.schema AS type_schema,
            (SELECT v.version FROM publish_config v)::text AS config_version
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(source_name, event_type, i)
       JOIN source s ON s.name = q.source_name
       LEFT JOIN event_type t ON t.name = q.event_type
       LEFT JOIN connection c ON c.source_id = s.id AND c.deleted_at IS NULL
       LEFT JOIN destination d ON d.id = c.destination_id
      ORDER BY q.i, c.id`,
    values: [unique.map((q) => q.sourceName), unique.map((q) => q.eventType)],
  });
  const found = new Map<string, PublishTarget>();
  for (const row of rows) {
    const key = keyOf(unique[Number(row.i) - 1] as TargetQuery);
    let target = found.get(key);
    if (!target) {
      target = {
        id: row.source_id,
        eventType: row.type_name === null ? null : { name: row.type_name, schema: row.type_schema },
        connections: [],
        configVersion: row.config_version,
      };
      found.set(key, target);
    }
    if (row.id !== null) {
      target.connections.push({
        id: row.id,
        name: row.name,
        delayMs: row.delay_ms,
        filter: row.filter,
        transformCode: row.transform_code,
        dedupeWindowMs: row.dedupe_window_ms,
        dedupeFields: row.dedupe_fields,
        // Stored empty for "every type": Prisma keeps scalar lists non-null.
        eventTypes: row.event_types?.length ? row.event_types : null,
        held: row.held,
      });
    }
  }
  return queries.map((q) => found.get(keyOf(q)) ?? null);
}
