import { describe, expect, it } from 'vitest';
import { idFloorAt, newId } from '../../src/ids.ts';

describe('newId', () => {
  it('is unique across pool refills and sorts by creation time', () => {
    // 10,000 ids span many refills of the random pool (256 ids each).
    const ids = Array.from({ length: 10_000 }, (_, i) => newId('evt', 1_796_000_000_000 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a.slice(0, 14).localeCompare(b.slice(0, 14)))).toEqual(ids);
    for (const id of ids.slice(0, 300)) expect(id).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('keeps its random part random: every symbol about equally often in each position', () => {
    const ids = Array.from({ length: 8_192 }, () => newId('atm').slice(14));
    for (let position = 0; position < 16; position++) {
      const counts = new Map<string, number>();
      for (const id of ids) counts.set(id[position], (counts.get(id[position]) ?? 0) + 1);
      expect(counts.size).toBe(32);
      // 256 expected per symbol; a stuck or repeating pool would be far outside this.
      for (const count of counts.values()) expect(count).toBeGreaterThan(150);
    }
  });

  it('bounds a keyset scan by time', () => {
    const at = 1_796_000_000_000;
    expect(idFloorAt('evt', at) <= newId('evt', at)).toBe(true);
    expect(newId('evt', at - 1) < idFloorAt('evt', at)).toBe(true);
  });
});
