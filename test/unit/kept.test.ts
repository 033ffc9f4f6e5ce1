import { describe, expect, it } from 'vitest';
import { itself, kept } from '../../src/kept.ts';

describe('kept', () => {
  it('computes once per key, null answers included, and keeps nothing for a call that throws', () => {
    const calls: string[] = [];
    const lengthOrNull = kept(
      (text: string) => {
        calls.push(text);
        if (text === 'bad') throw new Error('bad');
        return text.length > 1 ? text.length : null;
      },
      { max: 10, keyOf: itself },
    );
    expect([lengthOrNull('ab'), lengthOrNull('ab'), lengthOrNull('a'), lengthOrNull('a')]).toEqual([2, 2, null, null]);
    expect(() => lengthOrNull('bad')).toThrow('bad');
    expect(() => lengthOrNull('bad')).toThrow('bad');
    expect(calls).toEqual(['ab', 'a', 'bad', 'bad']);
  });

  it('drops the key kept longest past its bound, and keys by keyOf', () => {
    const calls: number[] = [];
    const double = kept(
      (value: { n: number }) => {
        calls.push(value.n);
        return value.n * 2;
      },
      { max: 2, keyOf: (value) => String(value.n) },
    );
    expect([double({ n: 1 }), double({ n: 2 }), double({ n: 1 }), double({ n: 3 }), double({ n: 1 }), double({ n: 2 })]).toEqual([2, 4, 2, 6, 2, 4]);
    // 1 and 2 kept; 3 drops 1 (kept longest); 1 again drops 2; 2 again is computed anew.
    expect(calls).toEqual([1, 2, 3, 1, 2]);
  });
});
