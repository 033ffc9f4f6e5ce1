import type { PublishTarget, TargetQuery } from './publish-target.sql.ts';

/**
 * The publish lookups a process keeps, so that a publish to a known source costs one round trip
 * (the insert), not two. Each was read at a version of publish_config, which triggers move on at
 * the commit of any change to what a publish plans against; the insert stores only requests
 * planned at the current version, and reports that version. So a kept lookup is used until an
 * insert or a lookup shows a newer version, in this process or any other, and a publish planned
 * against an older one is planned again, never stored. Unknown sources are not kept: nothing
 * would check them. Bounded: a stranger publishing many event type names evicts the oldest.
 */
export interface TargetCache {
  get(query: TargetQuery): PublishTarget | undefined;
  keep(query: TargetQuery, target: PublishTarget): void;
  /** A statement saw `version` current: lookups read at an older one are of no more use. */
  sawVersion(version: string): void;
}

export function createTargetCache(maxEntries: number): TargetCache {
  const kept = new Map<string, PublishTarget>();
  let latest = 0n;
  const keyOf = (query: TargetQuery) => JSON.stringify([query.sourceName, query.eventType]);

  function sawVersion(version: string): boolean {
    const seen = BigInt(version);
    if (seen > latest) {
      latest = seen;
      kept.clear();
    }
    return seen === latest;
  }

  return {
    get: (query) => kept.get(keyOf(query)),
    keep(query, target) {
      if (!sawVersion(target.configVersion)) return;
      const key = keyOf(query);
      kept.delete(key);
      if (kept.size >= maxEntries) kept.delete(kept.keys().next().value as string);
      kept.set(key, target);
    },
    sawVersion(version) {
      sawVersion(version);
    },
  };
}
