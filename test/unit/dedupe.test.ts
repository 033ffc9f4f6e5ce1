import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, dedupeKey, fieldPathProblem, valueAt } from '../../src/rules/dedupe.ts';

describe('dedupeKey', () => {
  it('ignores object key order but not array order', () => {
    expect(dedupeKey({ a: 1, b: { c: 2, d: 3 } }, [])).toBe(dedupeKey({ b: { d: 3, c: 2 }, a: 1 }, []));
    expect(dedupeKey({ a: [1, 2] }, [])).not.toBe(dedupeKey({ a: [2, 1] }, []));
  });

  it('compares only the listed fields when given', () => {
    const fields = ['order.id', 'type'];
    expect(dedupeKey({ type: 'paid', order: { id: 7, at: 1 } }, fields)).toBe(dedupeKey({ type: 'paid', order: { id: 7, at: 2 } }, fields));
    expect(dedupeKey({ type: 'paid', order: { id: 7 } }, fields)).not.toBe(dedupeKey({ type: 'paid', order: { id: 8 } }, fields));
  });

  it('tells a missing field from a null one, and field lists from the whole body', () => {
    expect(dedupeKey({}, ['x'])).not.toBe(dedupeKey({ x: null }, ['x']));
    expect(dedupeKey({}, ['x'])).toBe(dedupeKey({ y: 1 }, ['x']));
    expect(dedupeKey({ x: 1 }, ['x'])).not.toBe(dedupeKey({ x: 1 }, []));
  });

  it('is the same for equal values and differs for different ones (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = canonicalJson(a) === canonicalJson(b);
        expect(dedupeKey(a, []) === dedupeKey(b, [])).toBe(same);
        expect(dedupeKey(a, [])).toBe(dedupeKey(structuredClone(a), []));
      }),
    );
  });
});

describe('valueAt and field paths', () => {
  it.each([
    [{ a: { b: [10, { c: 'x' }] } }, 'a.b.1.c', 'x'],
    [{ a: 1 }, 'a.b', undefined],
    [null, 'a', undefined],
    [{ 'a.b': 1 }, 'a', undefined],
  ])('valueAt(%j, %s) is %j', (value, path, expected) => {
    expect(valueAt(value, path)).toEqual(expected);
  });

  it.each([
    ['order.id', undefined],
    ['', 'field paths must not be empty'],
    ['order..id', '"order..id" has an empty segment; write paths like "order.id"'],
  ])('fieldPathProblem(%j)', (path, problem) => {
    expect(fieldPathProblem(path)).toBe(problem);
  });
});
