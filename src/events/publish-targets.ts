import type { PublishTarget, TargetQuery } from './publish-target.sql.ts';

/**
 * The publish lookups a process keeps, so that a publish to a known source costs one round trip
 * (the insert), not two. Each was read at a version of publish_config, which triggers move on at
 * the commit of any change to what a publish plans against; the insert stores only requests
 * planned at the current version, and reports that version. So a kept lookup is used until an
 * insert or a lookup shows a newer version, in this process or any other, and a publish planned
 * against an older one is planned again, never stored. Unknown sources are not kept: nothing
 * would check them.
 */
export interface TargetCache {
  get(query: TargetQuery): PublishTarget | undefined;
  keep(query: TargetQuery, target: PublishTarget): void;
  /** A statement saw `version` current: lookups read at an older one are of no more use. */
  sawVersion(version: string): void;
}

/**
 * Bounded by the connections kept, not by lookups: each (source, event type) pair holds its own
 * copy of the source's connections and their rules, so a wide source published under many type
 * names would otherwise grow without limit. Past the bound the lookups kept longest go first.
 */
export function createTargetCache(maxConnections: number): TargetCache {
  const kept = new Map<string, PublishTarget>();
  let weight = 0;
  let latest = 0n;
  const keyOf = (query: TargetQuery) => JSON.stringify([query.sourceName, query.eventType]);
  const weightOf = (target: PublishTarget) => 1 + target.connections.length;

  function forget(key: string): void {
    const target = kept.get(key);
    if (!target) return;
    kept.delete(key);
    weight -= weightOf(target);
  }

  /** Moves on to `version` when it is newer (what was kept is then stale); whether it is the latest. */
  function isLatest(version: string): boolean {
    const seen = BigInt(version);
    if (seen > latest) {
      latest = seen;
      kept.clear();
      weight = 0;
    }
    return seen === latest;
  }

  return {
    get: (query) => kept.get(keyOf(query)),
    keep(query, target) {
      if (!isLatest(target.configVersion) || weightOf(target) > maxConnections) return;
      const key = keyOf(query);
      forget(key);
      while (weight + weightOf(target) > maxConnections) forget(kept.keys().next().value as string);
      kept.set(key, target);
      weight += weightOf(target);
    },
    sawVersion(version) {
      isLatest(version);
    },
  };
}
