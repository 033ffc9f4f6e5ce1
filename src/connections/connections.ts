import type pg from 'pg';
import type { Db } from '../db/prisma.ts';
import { withTransaction } from '../db/transaction.ts';
import { cancelEvents } from '../events/lifecycle.sql.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';
import { Prisma } from '../db/prisma.ts';
import type { AuthStrategy, Connection } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { canonicalJson } from '../rules/dedupe.ts';
import { SIGNING_STRATEGIES } from '../delivery/auth.ts';
import { DEFAULT_CUSTOM_SIGNATURE_HEADER } from '../delivery/build-request.ts';
import { badInput } from '../errors.ts';
import type { SecretBox } from '../destinations/secret-box.ts';
import { generateSecret } from '../signing/standard-webhooks.ts';
import type { UpsertConnectionInput } from './connection-input.ts';

/**
 * Creates or updates the source, destination and connection, all by name, in one transaction.
 * Fields left out keep their current value on update and take the default on create, so calling it
 * twice with the same input changes nothing (not even updatedAt) and returns the same ids.
 */
export async function upsertConnection(db: Db, box: SecretBox, input: UpsertConnectionInput): Promise<Connection> {
  try {
    return await db.$transaction((tx) => upsertInTransaction(tx, box, input));
  } catch (error) {
    // Two first-time upserts of the same names raced; the loser now finds the winner's rows.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return db.$transaction((tx) => upsertInTransaction(tx, box, input));
    }
    throw error;
  }
}

type Tx = Prisma.TransactionClient;

async function upsertInTransaction(tx: Tx, box: SecretBox, input: UpsertConnectionInput): Promise<Connection> {
  const source = await tx.source.upsert({
    where: { name: input.source.name },
    create: { id: newId('src'), name: input.source.name },
    update: {},
  });
  const destination = await upsertDestination(tx, box, source.id, input.destination);
  // Left out: unchanged; null clears it.
  const wanted = { ...connectionSettings(input.rules), ...(input.description === undefined ? {} : { description: input.description }) };
  const existing = await tx.connection.findFirst({
    where: { sourceId: source.id, name: input.name, deletedAt: null },
  });
  if (!existing) {
    return tx.connection.create({
      data: { id: newId('con'), sourceId: source.id, destinationId: destination.id, name: input.name, ...wanted },
    });
  }
  const changes = changedFields(existing, { destinationId: destination.id, ...wanted });
  if (Object.keys(changes).length === 0) return existing;
  return tx.connection.update({ where: { id: existing.id }, data: changes });
}

const lowerCaseNames = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/** The header a strategy writes its credential or signature into, if it is one a destination could also set. */
function strategyHeader(strategy: AuthStrategy, headerName: string | null): string | null {
  if (strategy === 'BASIC' || strategy === 'BEARER') return 'authorization';
  if (strategy === 'API_KEY' || strategy === 'CUSTOM_SIGNATURE') return (headerName ?? DEFAULT_CUSTOM_SIGNATURE_HEADER).toLowerCase();
  return null;
}

async function upsertDestination(tx: Tx, box: SecretBox, sourceId: string, input: UpsertConnectionInput['destination']) {
  const existing = await tx.destination.findUnique({ where: { sourceId_name: { sourceId, name: input.name } } });
  const auth = input.auth;
  const strategy = auth?.strategy ?? existing?.authStrategy ?? 'STANDARD_WEBHOOKS';
  const wanted: Prisma.DestinationUncheckedUpdateInput = { url: input.url, authStrategy: strategy };
  const headers = input.headers === undefined ? ((existing?.headers ?? {}) as Record<string, string>) : lowerCaseNames(input.headers ?? {});
  const authHeader = strategyHeader(strategy, auth ? (auth.headerName ?? null) : (existing?.headerName ?? null));
  if (authHeader && Object.hasOwn(headers, authHeader)) {
    throw badInput(`input.destination.headers.${authHeader}`, `input.destination.headers.${authHeader}: ${strategy} authentication sets "${authHeader}" itself; remove it from headers or change the auth strategy`);
  }
  if (input.headers !== undefined) wanted.headers = headers;
  // Left out: unchanged; null: unlimited.
  if (input.rateLimit !== undefined) {
    wanted.rateLimitCount = input.rateLimit?.count ?? null;
    wanted.rateLimitPeriod = input.rateLimit?.period ?? null;
  }
  // A signing secret is kept once made, also across strategy changes, so switching back keeps it.
  // Secrets are sealed, so a stored one is only replaced when the input names a different one.
  if (auth?.secret != null && (!existing?.secret || box.open(existing.secret) !== auth.secret)) {
    wanted.secret = box.seal(auth.secret);
  } else if (!existing?.secret && SIGNING_STRATEGIES.has(strategy)) {
    wanted.secret = box.seal(generateSecret());
  }
  if (auth) {
    wanted.headerName = auth.headerName ?? null;
    wanted.username = auth.strategy === 'BASIC' ? (auth.username ?? null) : null;
    const credential = auth.strategy === 'BASIC' ? auth.password : auth.strategy === 'BEARER' || auth.strategy === 'API_KEY' ? auth.token : null;
    const current = existing?.credential ? box.open(existing.credential) : null;
    if ((credential ?? null) !== current) wanted.credential = credential ? box.seal(credential) : null;
  }
  if (!existing) {
    return tx.destination.create({
      data: { ...(wanted as Prisma.DestinationUncheckedCreateInput), id: newId('des'), sourceId, name: input.name },
    });
  }
  const changes = changedFields(existing, wanted);
  if (Object.keys(changes).length === 0) return existing;
  return tx.destination.update({ where: { id: existing.id }, data: changes });
}

type ConnectionSettings = Pick<
  Prisma.ConnectionUncheckedCreateInput,
  'retryStrategy' | 'retryCount' | 'retryIntervalMs' | 'retryStatusCodes' | 'delayMs' | 'filter' | 'transformCode' | 'dedupeWindowMs' | 'dedupeFields' | 'ordered' | 'eventTypes'
>;

/**
 * Rules to write: a rule left out (undefined) keeps its value, an explicit null resets it to its
 * default (no filter, no transformation, no deduplication, default retry, no delay).
 */
function connectionSettings(rules: UpsertConnectionInput['rules']): ConnectionSettings {
  const settings: ConnectionSettings = {};
  if (rules?.retry !== undefined) {
    settings.retryStrategy = rules.retry?.strategy ?? 'EXPONENTIAL';
    settings.retryCount = rules.retry?.count ?? 5;
    settings.retryIntervalMs = rules.retry?.intervalMs ?? 30_000;
    settings.retryStatusCodes = rules.retry?.responseStatusCodes ?? [];
  }
  if (rules?.delayMs !== undefined) settings.delayMs = rules.delayMs ?? 0;
  if (rules?.filter !== undefined) settings.filter = rules.filter === null ? Prisma.DbNull : (rules.filter as Prisma.InputJsonValue);
  if (rules?.transformCode !== undefined) settings.transformCode = rules.transformCode;
  if (rules?.deduplicate !== undefined) {
    settings.dedupeWindowMs = rules.deduplicate?.windowMs ?? null;
    settings.dedupeFields = rules.deduplicate?.fields ?? [];
  }
  if (rules?.ordered !== undefined) settings.ordered = rules.ordered ?? false;
  // Stored empty for "every type": a scalar list has no null in Prisma.
  if (rules?.eventTypes !== undefined) settings.eventTypes = rules.eventTypes ?? [];
  return settings;
}

/** The subset of `wanted` that differs from `current`, compared by value. */
function changedFields<W extends object>(current: object, wanted: W): Partial<W> {
  const changes: Partial<W> = {};
  const comparable = (value: unknown) => (value === Prisma.DbNull ? null : value);
  for (const key of Object.keys(wanted) as (keyof W & string)[]) {
    const now = (current as Record<string, unknown>)[key];
    // Canonical JSON: jsonb returns objects with its own key order.
    if (canonicalJson(now) !== canonicalJson(comparable(wanted[key]))) changes[key] = wanted[key];
  }
  return changes;
}

/**
 * Soft delete: history stays readable; pending deliveries of the connection are cancelled, and
 * those cancelled events are returned so their status change can be announced.
 */
export async function deleteConnection(pool: pg.Pool, id: string): Promise<{ deleted: boolean; cancelled: DeliveryUpdateRef[] }> {
  return withTransaction(pool, async (client) => {
    const { rowCount } = await client.query('UPDATE connection SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL', [id]);
    if (rowCount === 0) return { deleted: false, cancelled: [] };
    return { deleted: true, cancelled: await cancelEvents(client, { connectionId: id }) };
  });
}
