import type { Db } from '../db/prisma.ts';
import { badInput } from '../errors.ts';
import { loadManageable } from '../tenancy/authorization.ts';
import type { Principal } from '../tenancy/principal.ts';

/**
 * Acknowledges (someone is on it; failures still add to it) or resolves (closed by hand; a later
 * failure opens a new one) an issue that is not resolved yet. Returns its source, to announce.
 */
export async function setIssueStatus(db: Db, principal: Principal, id: string, status: 'ACKNOWLEDGED' | 'RESOLVED'): Promise<{ sourceId: string }> {
  const issue = await loadManageable(principal, 'MANAGE_ENDPOINTS', 'issue', id, (issueId) => db.issue.findUnique({ where: { id: issueId }, select: { id: true, sourceId: true, status: true } }));
  if (issue.status === 'RESOLVED') throw badInput('id', `Issue ${id} is already resolved; a new failure opens a new issue.`);
  const now = new Date();
  await db.issue.update({ where: { id }, data: status === 'RESOLVED' ? { status, resolvedAt: now } : { status, acknowledgedAt: now } });
  return { sourceId: issue.sourceId };
}
