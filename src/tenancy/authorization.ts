import { DomainError, notFound } from '../errors.ts';
import { CAPABILITY_DESCRIPTIONS, type Capability } from './capabilities.ts';
import type { Principal } from './principal.ts';

/**
 * Every tenancy rule in one place. The platform (admin) sees everything; a tenant token sees only
 * its own source. Lists are narrowed with `sourceScope` (others' rows are simply not there);
 * objects reached any other way (by id, by name, through a nested field) are checked by their
 * GraphQL type with `ownsSource`, so no path returns another source's data.
 */
export function ownsSource(principal: Principal, sourceId: string): boolean {
  return principal.kind === 'admin' || principal.sourceId === sourceId;
}

/** A Prisma `where` fragment limiting rows with a sourceId column to what the principal may see. */
export function sourceScope(principal: Principal): { sourceId?: string } {
  return principal.kind === 'admin' ? {} : { sourceId: principal.sourceId };
}

export function assertOwnsSource(principal: Principal, sourceId: string | undefined, what: string): asserts sourceId is string {
  if (sourceId === undefined || !ownsSource(principal, sourceId)) {
    throw new DomainError('FORBIDDEN', `This token may not access ${what}: it belongs to another source, or does not exist.`);
  }
}

export function hasCapability(principal: Principal, capability: Capability): boolean {
  return principal.kind === 'admin' || principal.capabilities.includes(capability);
}

/**
 * Acting on a source's data beyond reading it: the platform, or a tenant token of that source
 * issued with the capability. Checked before ownership, so a session learns nothing of other
 * sources' ids from the answer.
 */
export function assertCan(principal: Principal, capability: Capability, sourceId: string | undefined, what: string): asserts sourceId is string {
  if (!hasCapability(principal, capability)) {
    throw new DomainError(
      'FORBIDDEN',
      `This session lacks the ${capability} capability (${CAPABILITY_DESCRIPTIONS[capability]}): ask the platform for a session that includes it.`,
      { capability },
    );
  }
  assertOwnsSource(principal, sourceId, what);
}

/** Loads what a change acts on and checks the caller may change it; FORBIDDEN, or NOT_FOUND for the admin, otherwise. */
export async function loadManageable<T extends { sourceId: string }>(
  principal: Principal,
  capability: Capability,
  what: string,
  id: string,
  load: (id: string) => Promise<T | null>,
): Promise<T> {
  const row = await load(id);
  if (!row && principal.kind === 'admin') throw notFound(what, `No ${what} ${id}.`);
  // A tenant gets FORBIDDEN for a missing row too: it cannot tell another source's from none.
  assertCan(principal, capability, row?.sourceId, `${what} ${id}`);
  return row as T;
}

/**
 * A row looked up by id or name, as the caller may see it. A tenant gets the same refusal for
 * another source's row as for none at all, so ids and names of other tenants reveal nothing; the
 * admin gets null for a missing one.
 */
export function visibleTo<T>(principal: Principal, row: T | null, owner: (row: T) => string | null, what: string): T | null {
  if (principal.kind === 'tenant' && (row === null || owner(row) !== principal.sourceId)) assertOwnsSource(principal, undefined, what);
  return row;
}
