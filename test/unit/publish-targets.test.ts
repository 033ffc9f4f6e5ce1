import { describe, expect, it } from 'vitest';
import { createTargetCache } from '../../src/events/publish-targets.ts';
import type { PublishTarget } from '../../src/events/publish-target.sql.ts';

const target = (id: string, configVersion: string): PublishTarget => ({ id, configVersion, eventType: null, connections: [] });
const orders = { sourceName: 'orders', eventType: null };

describe('kept publish lookups', () => {
  it('keeps a lookup until a newer version is seen, by a lookup or an insert', () => {
    const cache = createTargetCache(10);
    cache.keep(orders, target('src_1', '7'));
    expect(cache.get(orders)?.id).toBe('src_1');
    cache.sawVersion('7');
    expect(cache.get(orders)?.id).toBe('src_1');
    cache.sawVersion('8');
    expect(cache.get(orders)).toBeUndefined();

    cache.keep(orders, target('src_1', '8'));
    cache.keep({ sourceName: 'users', eventType: null }, target('src_2', '9'));
    expect(cache.get(orders)).toBeUndefined();
    expect(cache.get({ sourceName: 'users', eventType: null })?.id).toBe('src_2');
  });

  it('does not keep a lookup read at a version older than one already seen', () => {
    const cache = createTargetCache(10);
    cache.sawVersion('12');
    cache.keep(orders, target('src_1', '11'));
    expect(cache.get(orders)).toBeUndefined();
  });

  it('compares versions as numbers, not as text', () => {
    const cache = createTargetCache(10);
    cache.keep(orders, target('src_1', '9'));
    cache.sawVersion('10');
    expect(cache.get(orders)).toBeUndefined();
  });

  it('tells no event type from an empty one, and a type from a source', () => {
    const cache = createTargetCache(10);
    cache.keep({ sourceName: 'orders', eventType: 'order.created' }, target('src_typed', '1'));
    expect(cache.get(orders)).toBeUndefined();
    expect(cache.get({ sourceName: 'orders', eventType: '' })).toBeUndefined();
    expect(cache.get({ sourceName: 'orders\u0000order.created', eventType: null })).toBeUndefined();
  });

  it('evicts the lookups kept longest once the connections they hold pass the bound', () => {
    const wide = (id: string, connections: number): PublishTarget => ({
      ...target(id, '1'),
      connections: Array.from({ length: connections }, (_, i) => ({
        id: `con_${i}`,
        name: `c${i}`,
        delayMs: 0,
        filter: null,
        transformCode: null,
        dedupeWindowMs: null,
        dedupeFields: [],
        eventTypes: null,
        held: false,
      })),
    });
    // Each lookup weighs 1 + its connections: 5 + 5 + 3 = 13 > 12, so the first goes.
    const cache = createTargetCache(12);
    cache.keep({ sourceName: 'a', eventType: null }, wide('src_a', 4));
    cache.keep({ sourceName: 'b', eventType: null }, wide('src_b', 4));
    cache.keep({ sourceName: 'a', eventType: null }, wide('src_a', 4));
    cache.keep({ sourceName: 'c', eventType: null }, wide('src_c', 2));
    expect(cache.get({ sourceName: 'b', eventType: null })).toBeUndefined();
    expect(cache.get({ sourceName: 'a', eventType: null })?.id).toBe('src_a');
    expect(cache.get({ sourceName: 'c', eventType: null })?.id).toBe('src_c');
    // One too wide for the bound on its own is not kept, and evicts nothing.
    cache.keep({ sourceName: 'huge', eventType: null }, wide('src_huge', 12));
    expect(cache.get({ sourceName: 'huge', eventType: null })).toBeUndefined();
    expect(cache.get({ sourceName: 'a', eventType: null })?.id).toBe('src_a');
  });
});
