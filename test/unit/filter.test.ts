import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, FilterError, matchesFilter, validateFilter, type FilterRequest } from '../../src/rules/filter.ts';

const request = (parts: Partial<FilterRequest> = {}): FilterRequest => ({
  body: {},
  headers: {},
  path: '/',
  query: {},
  eventType: null,
  ...parts,
});

/** Validates first, as production code does, so every case also proves the filter is accepted. */
function matches(filter: unknown, req: FilterRequest): boolean {
  validateFilter(filter);
  return matchesFilter(filter, req);
}

type BodyCase = [name: string, filter: unknown, body: unknown, expected: boolean];

/** Filters on `body.x` against `body: { x: value }`, or `body: {}` when value is undefined. */
function runBodyCases(cases: [name: string, filter: unknown, value: unknown, expected: boolean][]) {
  it.each(cases)('%s', (_name, filter, value, expected) => {
    const body = value === undefined ? {} : { x: value };
    expect(matches({ body: { x: filter } }, request({ body }))).toBe(expected);
  });
}

describe('literals', () => {
  const cases: BodyCase[] = [
    ['string equal', { type: 'order.created' }, { type: 'order.created' }, true],
    ['string different', { type: 'order.created' }, { type: 'order.paid' }, false],
    ['string is case-sensitive', { type: 'Order' }, { type: 'order' }, false],
    ['number equal', { amount: 10 }, { amount: 10 }, true],
    ['number different', { amount: 10 }, { amount: 10.5 }, false],
    ['number vs numeric string', { amount: 10 }, { amount: '10' }, false],
    ['boolean equal', { paid: true }, { paid: true }, true],
    ['boolean vs truthy', { paid: true }, { paid: 1 }, false],
    ['null equal', { refund: null }, { refund: null }, true],
    ['null vs missing', { refund: null }, {}, false],
    ['null vs false', { refund: null }, { refund: false }, false],
    ['empty filter object matches any object', {}, { a: 1 }, true],
    ['body literal against a scalar body', 'ping', 'ping', true],
    ['body literal against a different scalar body', 'ping', 'pong', false],
    ['empty object vs scalar body', {}, 'ping', false],
    ['empty object vs null body', {}, null, false],
    // Partial objects: listed keys must match, others are ignored, recursively.
    ['partial object', { type: 'a' }, { type: 'a', id: 1, extra: { deep: true } }, true],
    ['nested partial object', { customer: { address: { country: 'FR' } } }, { customer: { id: 7, address: { country: 'FR', city: 'Lyon' } } }, true],
    ['nested partial object mismatch', { customer: { address: { country: 'FR' } } }, { customer: { address: { country: 'DE' } } }, false],
    ['nested object missing', { customer: { address: { country: 'FR' } } }, { customer: { id: 7 } }, false],
    ['object filter vs scalar field', { customer: { id: 7 } }, { customer: 7 }, false],
    ['object filter vs null field', { customer: { id: 7 } }, { customer: null }, false],
    ['all listed keys must match', { a: 1, b: 2 }, { a: 1, b: 3 }, false],
    ['inherited names are not fields', { constructor: 'x' }, {}, false],
    ['toString is not a field', { toString: { $exist: true } }, {}, false],
    ['keys with dots are plain keys', { 'a.b': 1 }, { 'a.b': 1, a: { b: 2 } }, true],
    // Arrays: every listed element must be contained in the target array.
    ['array subset', { tags: ['a', 'c'] }, { tags: ['a', 'b', 'c'] }, true],
    ['array order is free', { tags: ['c', 'a'] }, { tags: ['a', 'b', 'c'] }, true],
    ['array element missing', { tags: ['a', 'd'] }, { tags: ['a', 'b', 'c'] }, false],
    ['empty array filter matches any array', { tags: [] }, { tags: [1] }, true],
    ['empty array filter vs empty array', { tags: [] }, { tags: [] }, true],
    ['empty array filter vs non-array', { tags: [] }, { tags: 'a' }, false],
    ['array filter vs scalar target', { tags: ['a'] }, { tags: 'a' }, false],
    ['array filter vs object target', { tags: ['a'] }, { tags: { 0: 'a' } }, false],
    ['array elements match partially', { items: [{ sku: 'x' }] }, { items: [{ sku: 'y', n: 1 }, { sku: 'x', n: 2 }] }, true],
    ['array elements partial mismatch', { items: [{ sku: 'x', n: 1 }] }, { items: [{ sku: 'x', n: 2 }, { sku: 'y', n: 1 }] }, false],
    ['array elements may be operators', { scores: [{ $gt: 90 }] }, { scores: [10, 95] }, true],
    ['array element operators that no element meets', { scores: [{ $gt: 90 }] }, { scores: [10, 50] }, false],
    ['nested arrays contain', { grid: [[1]] }, { grid: [[2], [1, 3]] }, true],
    ['nested arrays do not contain', { grid: [[4]] }, { grid: [[2], [1, 3]] }, false],
    // A scalar or object literal matches an array that contains a match (Hookdeck, Convoy).
    ['scalar in array', { tags: 'vip' }, { tags: ['new', 'vip'] }, true],
    ['scalar not in array', { tags: 'vip' }, { tags: ['new'] }, false],
    ['scalar vs empty array', { tags: 'vip' }, { tags: [] }, false],
    ['number in array', { ids: 3 }, { ids: [1, 2, 3] }, true],
    ['null in array', { ids: null }, { ids: [1, null] }, true],
    ['object in array', { items: { sku: 'x' } }, { items: [{ sku: 'y' }, { sku: 'x', n: 1 }] }, true],
    ['object not in array', { items: { sku: 'z' } }, { items: [{ sku: 'y' }, { sku: 'x' }] }, false],
    ['only one level of arrays is searched', { grid: 1 }, { grid: [[1]] }, false],
    ['array body contains', ['a'], ['a', 'b'], true],
    ['array body does not contain', ['c'], ['a', 'b'], false],
  ];
  it.each(cases)('%s', (_name, filter, body, expected) => {
    expect(matches({ body: filter }, request({ body }))).toBe(expected);
  });
});

describe('operators', () => {
  describe('$eq and $neq: exact deep equality', () => {
    runBodyCases([
      ['$eq string', { $eq: 'a' }, 'a', true],
      ['$eq other string', { $eq: 'a' }, 'b', false],
      ['$eq number vs string', { $eq: 1 }, '1', false],
      ['$eq null', { $eq: null }, null, true],
      ['$eq missing', { $eq: null }, undefined, false],
      ['$eq object whole', { $eq: { a: 1 } }, { a: 1 }, true],
      ['$eq object is not partial', { $eq: { a: 1 } }, { a: 1, b: 2 }, false],
      ['$eq object key order is free', { $eq: { a: 1, b: 2 } }, { b: 2, a: 1 }, true],
      ['$eq array in order', { $eq: [1, 2] }, [1, 2], true],
      ['$eq array other order', { $eq: [1, 2] }, [2, 1], false],
      ['$eq array is not containment', { $eq: [1] }, [1, 2], false],
      ['$eq scalar is not array containment', { $eq: 1 }, [1], false],
      ['$eq operand $ keys are literal', { $eq: { $gt: 1 } }, { $gt: 1 }, true],
      ['$eq operand $ keys are not operators', { $eq: { $gt: 1 } }, 5, false],
      ['$eq nested', { $eq: { a: [{ b: null }] } }, { a: [{ b: null }] }, true],
      ['$eq nested differs', { $eq: { a: [{ b: null }] } }, { a: [{ b: false }] }, false],
      ['$neq different', { $neq: 'a' }, 'b', true],
      ['$neq equal', { $neq: 'a' }, 'a', false],
      ['$neq missing', { $neq: 'a' }, undefined, true],
      ['$neq type differs', { $neq: 1 }, '1', true],
      ['$neq object partial is still different', { $neq: { a: 1 } }, { a: 1, b: 2 }, true],
      ['$neq object equal', { $neq: { a: 1 } }, { a: 1 }, false],
    ]);
  });

  describe('$in and $nin', () => {
    runBodyCases([
      ['$in listed', { $in: ['a', 'b'] }, 'b', true],
      ['$in not listed', { $in: ['a', 'b'] }, 'c', false],
      ['$in empty', { $in: [] }, 'a', false],
      ['$in missing', { $in: ['a', null] }, undefined, false],
      ['$in null', { $in: ['a', null] }, null, true],
      ['$in numbers are not strings', { $in: [1, 2] }, '1', false],
      ['$in objects exactly', { $in: [{ a: 1 }] }, { a: 1 }, true],
      ['$in objects not partially', { $in: [{ a: 1 }] }, { a: 1, b: 2 }, false],
      ['$in arrays exactly', { $in: [[1, 2]] }, [1, 2], true],
      ['$in does not look inside an array field', { $in: ['a'] }, ['a'], false],
      ['$nin not listed', { $nin: ['a', 'b'] }, 'c', true],
      ['$nin listed', { $nin: ['a', 'b'] }, 'a', false],
      ['$nin empty', { $nin: [] }, 'a', true],
      ['$nin missing', { $nin: ['a'] }, undefined, true],
    ]);
  });

  describe('$gt $gte $lt $lte: numbers with numbers, strings with strings', () => {
    runBodyCases([
      ['$gt above', { $gt: 10 }, 11, true],
      ['$gt equal', { $gt: 10 }, 10, false],
      ['$gt below', { $gt: 10 }, 9, false],
      ['$gte equal', { $gte: 10 }, 10, true],
      ['$gte below', { $gte: 10 }, 9.99, false],
      ['$lt below', { $lt: 10 }, -3, true],
      ['$lt equal', { $lt: 10 }, 10, false],
      ['$lte equal', { $lte: 10 }, 10, true],
      ['$lte above', { $lte: 10 }, 10.01, false],
      ['$gt zero and negative zero', { $gt: 0 }, -0, false],
      ['$gt numeric string does not compare', { $gt: 10 }, '11', false],
      ['$lt number vs string operand', { $lt: '10' }, 9, false],
      ['$gt null does not compare', { $gt: -1 }, null, false],
      ['$gt boolean does not compare', { $gte: 0 }, true, false],
      ['$gt missing', { $gt: 0 }, undefined, false],
      ['$lt missing', { $lt: 0 }, undefined, false],
      ['$gt array does not compare', { $gt: 0 }, [5], false],
      ['$gt object does not compare', { $gt: 0 }, { a: 5 }, false],
      ['$gt strings', { $gt: 'b' }, 'c', true],
      ['$gt strings by code unit', { $gt: 'b' }, 'B', false],
      ['$gte ISO dates', { $gte: '2024-01-01T00:00:00Z' }, '2024-06-30T12:00:00Z', true],
      ['$lt ISO dates', { $lt: '2024-01-01' }, '2023-12-31', true],
      ['$lt ISO dates later', { $lt: '2024-01-01' }, '2024-01-02', false],
      ['$lte strings equal', { $lte: 'abc' }, 'abc', true],
      ['range with two operators inside', { $gte: 10, $lt: 20 }, 15, true],
      ['range with two operators at the low end', { $gte: 10, $lt: 20 }, 10, true],
      ['range with two operators outside', { $gte: 10, $lt: 20 }, 20, false],
    ]);
  });

  describe('$startsWith $endsWith $contains', () => {
    runBodyCases([
      ['$startsWith yes', { $startsWith: 'order.' }, 'order.created', true],
      ['$startsWith no', { $startsWith: 'order.' }, 'refund.order.', false],
      ['$startsWith empty prefix', { $startsWith: '' }, 'x', true],
      ['$startsWith non-string', { $startsWith: '1' }, 123, false],
      ['$startsWith array', { $startsWith: 'a' }, ['abc'], false],
      ['$startsWith missing', { $startsWith: '' }, undefined, false],
      ['$endsWith yes', { $endsWith: '.created' }, 'order.created', true],
      ['$endsWith no', { $endsWith: '.created' }, 'order.created.v2', false],
      ['$endsWith non-string', { $endsWith: '3' }, 123, false],
      ['$contains substring', { $contains: 'der.cr' }, 'order.created', true],
      ['$contains no substring', { $contains: 'paid' }, 'order.created', false],
      ['$contains in array', { $contains: 'b' }, ['a', 'b'], true],
      ['$contains not in array', { $contains: 'c' }, ['a', 'b'], false],
      ['$contains is not substring of elements', { $contains: 'b' }, ['abc'], false],
      ['$contains number in array', { $contains: 2 }, [1, 2], true],
      ['$contains partial object in array', { $contains: { sku: 'x' } }, [{ sku: 'x', n: 1 }], true],
      ['$contains operator on elements', { $contains: { $gte: 100 } }, [5, 150], true],
      ['$contains operator on elements fails', { $contains: { $gte: 100 } }, [5, 50], false],
      ['$contains operator against a string', { $contains: { $gte: 'a' } }, 'abc', false],
      ['$contains number vs string field', { $contains: 1 }, '123', false],
      ['$contains vs number', { $contains: '1' }, 123, false],
      ['$contains vs object', { $contains: 'a' }, { a: 'a' }, false],
      ['$contains missing', { $contains: 'a' }, undefined, false],
      ['$contains empty array', { $contains: 'a' }, [], false],
    ]);
  });

  describe('$exist', () => {
    runBodyCases([
      ['$exist true, present', { $exist: true }, 'x', true],
      ['$exist true, null is present', { $exist: true }, null, true],
      ['$exist true, false is present', { $exist: true }, false, true],
      ['$exist true, missing', { $exist: true }, undefined, false],
      ['$exist false, missing', { $exist: false }, undefined, true],
      ['$exist false, present', { $exist: false }, 0, false],
      ['$exist false, null is present', { $exist: false }, null, false],
    ]);
    it('a field under a missing object is missing', () => {
      expect(matches({ body: { a: { b: { $exist: false } } } }, request({ body: {} }))).toBe(false);
      expect(matches({ body: { a: { $exist: false } } }, request({ body: {} }))).toBe(true);
      expect(matches({ body: { a: { b: { $exist: false } } } }, request({ body: { a: {} } }))).toBe(true);
    });
  });

  describe('$not $or $and', () => {
    runBodyCases([
      ['$not of a literal', { $not: 'a' }, 'b', true],
      ['$not of a matching literal', { $not: 'a' }, 'a', false],
      ['$not of a literal, missing', { $not: 'a' }, undefined, true],
      ['$not of $exist false, missing', { $not: { $exist: false } }, undefined, false],
      ['$not of an operator', { $not: { $gt: 5 } }, 3, true],
      ['$not of an operator, type mismatch', { $not: { $gt: 5 } }, 'x', true],
      ['$not of $in', { $not: { $in: [1, 2] } }, 2, false],
      ['$not $not', { $not: { $not: 'a' } }, 'a', true],
      ['$not of a partial object', { $not: { a: 1 } }, { a: 1, b: 2 }, false],
      ['$not of array containment', { $not: ['a'] }, ['b'], true],
      ['$or first', { $or: ['a', 'b'] }, 'a', true],
      ['$or second', { $or: ['a', 'b'] }, 'b', true],
      ['$or none', { $or: ['a', 'b'] }, 'c', false],
      ['$or of operators', { $or: [{ $lt: 0 }, { $gt: 100 }] }, 150, true],
      ['$or of operators, between', { $or: [{ $lt: 0 }, { $gt: 100 }] }, 50, false],
      ['$or with $exist false', { $or: [{ $exist: false }, null] }, undefined, true],
      ['$or of partial objects', { $or: [{ a: 1 }, { b: 2 }] }, { b: 2, c: 3 }, true],
      ['$and both', { $and: [{ $gte: 0 }, { $lte: 10 }] }, 5, true],
      ['$and one fails', { $and: [{ $gte: 0 }, { $lte: 10 }] }, 11, false],
      ['$and of partial objects', { $and: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 2, c: 3 }, true],
      ['$and of partial objects, one fails', { $and: [{ a: 1 }, { b: 2 }] }, { a: 1 }, false],
      ['$and with $or nested', { $and: [{ $or: ['a', 'b'] }, { $not: 'b' }] }, 'a', true],
      ['$and with $or nested fails', { $and: [{ $or: ['a', 'b'] }, { $not: 'b' }] }, 'b', false],
      ['$and missing', { $and: [{ $neq: 1 }, { $nin: [2] }] }, undefined, true],
      ['$and of a literal, missing', { $and: [{ $neq: 1 }, 3] }, undefined, false],
      ['$or with an operator and a literal', { $or: [{ $startsWith: 'x' }, 3] }, [3], true],
    ]);
  });
});

describe('nesting and several parts', () => {
  const body = {
    type: 'order.created',
    data: { amount: 1500, currency: 'EUR', items: [{ sku: 'A1', qty: 2 }, { sku: 'B2', qty: 1 }], customer: { email: 'a@example.com' } },
  };
  const req = request({
    body,
    headers: { 'content-type': 'application/json', 'x-shop': 'main' },
    path: '/webhooks/shop',
    query: { env: 'prod', tag: ['a', 'b'] },
  });

  const cases: [name: string, filter: unknown, expected: boolean][] = [
    ['empty filter matches everything', {}, true],
    ['empty body filter', { body: {} }, true],
    ['operators deep inside objects', { body: { data: { amount: { $gte: 1000 }, customer: { email: { $endsWith: '@example.com' } } } } }, true],
    ['one failing leaf fails it all', { body: { data: { amount: { $gte: 1000 }, currency: 'USD' } } }, false],
    ['array containment with operators', { body: { data: { items: [{ sku: 'B2', qty: { $lt: 2 } }] } } }, true],
    ['$or across fields at one level', { body: { $or: [{ type: 'order.paid' }, { data: { currency: 'EUR' } }] } }, true],
    ['$or across fields, none', { body: { $or: [{ type: 'order.paid' }, { data: { currency: 'USD' } }] } }, false],
    ['$not of a nested object', { body: { $not: { data: { currency: 'USD' } } } }, true],
    ['headers literal', { headers: { 'x-shop': 'main' } }, true],
    ['header names match case-insensitively', { headers: { 'X-Shop': 'main' } }, true],
    ['header names fold inside $or', { headers: { $or: [{ 'X-Shop': 'other' }, { 'Content-Type': { $startsWith: 'application/json' } }] } }, true],
    ['header names fold inside $not', { headers: { $not: { 'X-Shop': 'main' } } }, false],
    ['header values are case-sensitive', { headers: { 'x-shop': 'Main' } }, false],
    ['missing header', { headers: { 'x-missing': { $exist: false } } }, true],
    ['missing header literal', { headers: { 'x-missing': '' } }, false],
    ['path literal', { path: '/webhooks/shop' }, true],
    ['path literal other', { path: '/webhooks' }, false],
    ['path operator', { path: { $startsWith: '/webhooks/' } }, true],
    ['path $in', { path: { $in: ['/a', '/webhooks/shop'] } }, true],
    ['query value', { query: { env: 'prod' } }, true],
    ['query value other', { query: { env: 'dev' } }, false],
    ['repeated query parameter contains', { query: { tag: 'b' } }, true],
    ['repeated query parameter contains all', { query: { tag: ['b', 'a'] } }, true],
    ['repeated query parameter $contains', { query: { tag: { $contains: 'c' } } }, false],
    ['missing query parameter', { query: { page: { $exist: true } } }, false],
    ['all parts must match', { body: { type: 'order.created' }, headers: { 'x-shop': 'main' }, path: { $endsWith: '/shop' }, query: { env: 'prod' } }, true],
    ['all parts must match, one fails', { body: { type: 'order.created' }, headers: { 'x-shop': 'main' }, query: { env: 'dev' } }, false],
  ];
  it.each(cases)('%s', (_name, filter, expected) => {
    expect(matches(filter, req)).toBe(expected);
  });

  it('compileFilter validates once and matches like matchesFilter', () => {
    const filter = { body: { data: { amount: { $gt: 1000 } } } };
    const matcher = compileFilter(filter);
    expect(matcher(req)).toBe(true);
    expect(matcher(request({ body: { data: { amount: 5 } } }))).toBe(false);
    expect(() => compileFilter({ body: { $gt: [] } })).toThrow(FilterError);
  });
});

describe('validateFilter', () => {
  const valid: unknown[] = [
    {},
    { body: null },
    { body: 'text' },
    { body: [] },
    { body: { a: { $eq: { $not: 'literal' } } } },
    { body: { a: { $in: [] } } },
    { body: { a: { $gt: '2024-01-01' } } },
    { body: { a: { $contains: { b: { $exist: true } } } } },
    { headers: { $exist: true } },
    { path: { $or: ['/a', { $startsWith: '/b' }] } },
    { query: { tag: ['a'] } },
    JSON.parse('{"body":{"__proto__":{"a":1}}}'),
  ];
  it.each(valid)('accepts %j', (filter) => {
    expect(() => validateFilter(filter)).not.toThrow();
  });

  const invalid: [name: string, filter: unknown, path: string, message: RegExp][] = [
    ['top level null', null, '', /^filter must be an object with any of the keys body, headers, path, query, eventType; got null$/],
    ['top level array', [], '', /got an array/],
    ['top level string', 'body', '', /got a string/],
    ['top level operator', { $or: [{ body: 1 }] }, '$or', /is not a part of the request; a filter has only the keys body, headers, path, query, eventType/],
    ['top level unknown key', { body: {}, method: 'POST' }, 'method', /^filter at method is not a part of the request/],
    ['top level key with odd characters', { 'a b': 1 }, '["a b"]', /not a part of the request/],
    ['top level Date', new Date(0), '', /got a Date object/],
    ['unknown operator', { body: { amount: { $gtt: 5 } } }, 'body.amount.$gtt', /is an unknown operator; operators are \$eq, \$neq, .*\$and/],
    ['unknown operator $exists', { headers: { 'x-a': { $exists: true } } }, 'headers.x-a.$exists', /unknown operator/],
    ['bare $', { body: { $: 1 } }, 'body.$', /unknown operator/],
    ['mixed operators and fields', { body: { amount: { $gt: 5, currency: 'EUR' } } }, 'body.amount', /mixes operators \(\$gt\) with fields \(currency\); an object holds either only operators/],
    ['mixed at section level', { body: { $or: [1], type: 'a' } }, 'body', /mixes operators/],
    ['$in not an array', { body: { status: { $in: 'paid' } } }, 'body.status.$in', /takes an array of JSON values.*; got a string$/],
    ['$nin not an array', { body: { status: { $nin: { a: 1 } } } }, 'body.status.$nin', /takes an array.*got an object/],
    ['$in with a non-JSON element', { body: { status: { $in: [1, undefined] } } }, 'body.status.$in[1]', /is undefined; use a JSON value/],
    ['$exist not boolean', { body: { a: { $exist: 'yes' } } }, 'body.a.$exist', /takes true or false.*got a string/],
    ['$exist number', { body: { a: { $exist: 1 } } }, 'body.a.$exist', /takes true or false/],
    ['$or empty', { body: { $or: [] } }, 'body.$or', /takes a non-empty array of filter values.*got an array/],
    ['$or not an array', { body: { $or: { a: 1 } } }, 'body.$or', /takes a non-empty array of filter values.*; got an object/],
    ['$and empty', { path: { $and: [] } }, 'path.$and', /non-empty array/],
    ['$and not an array', { path: { $and: 'x' } }, 'path.$and', /non-empty array.*got a string/],
    ['invalid filter inside $or', { body: { $or: [{ a: 1 }, { a: { $foo: 1 } }] } }, 'body.$or[1].a.$foo', /unknown operator/],
    ['invalid filter inside $not', { body: { a: { $not: { $in: 1 } } } }, 'body.a.$not.$in', /takes an array/],
    ['invalid filter inside $contains', { body: { a: { $contains: { $gt: null } } } }, 'body.a.$contains.$gt', /takes a number or a string.*got null/],
    ['$gt boolean', { body: { a: { $gt: true } } }, 'body.a.$gt', /takes a number or a string.*got a boolean/],
    ['$gte object', { body: { a: { $gte: {} } } }, 'body.a.$gte', /takes a number or a string/],
    ['$lt array', { body: { a: { $lt: [1] } } }, 'body.a.$lt', /got an array/],
    ['$lte infinite', { body: { a: { $lte: Infinity } } }, 'body.a.$lte', /got the number Infinity/],
    ['$startsWith number', { path: { $startsWith: 1 } }, 'path.$startsWith', /takes a string; got a number/],
    ['$endsWith null', { path: { $endsWith: null } }, 'path.$endsWith', /takes a string; got null/],
    ['invalid element in an array literal', { body: { tags: ['a', { $nope: 1 }] } }, 'body.tags[1].$nope', /unknown operator/],
    ['undefined leaf', { body: { a: undefined } }, 'body.a', /is undefined; use a string, number, boolean, null, array, object or operator object/],
    ['NaN leaf', { body: { a: Number.NaN } }, 'body.a', /is the number NaN/],
    ['function leaf', { body: { a: () => 1 } }, 'body.a', /is a function/],
    ['odd key in the path', { body: { 'a.b': { 'c d': { $bad: 1 } } } }, 'body["a.b"]["c d"].$bad', /unknown operator/],
    ['$eq operand not JSON', { body: { a: { $eq: { b: undefined } } } }, 'body.a.$eq.b', /use a JSON value/],
  ];
  it.each(invalid)('refuses %s', (_name, filter, path, message) => {
    let thrown: unknown;
    try {
      validateFilter(filter);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(FilterError);
    const filterError = thrown as FilterError;
    expect(filterError.name).toBe('FilterError');
    expect(filterError.path).toBe(path);
    expect(filterError.message).toMatch(message);
    if (path !== '') expect(filterError.message).toContain(`filter at ${path} `);
  });
});

describe('properties', () => {
  // Literal filters cannot hold keys starting with "$"; everything else is fair game.
  const noDollarKeys = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.every(noDollarKeys);
    if (typeof value === 'object' && value !== null) {
      return Object.entries(value).every(([key, inner]) => !key.startsWith('$') && noDollarKeys(inner));
    }
    return true;
  };
  const json = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
  const literal = json.filter(noDollarKeys);
  const scalar = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null));
  const target = fc.option(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b'), scalar)), {
    nil: undefined,
  });
  // Filter values built from the operators, to combine in the laws below.
  const { filterValue } = fc.letrec<{ filterValue: unknown }>((tie) => ({
    filterValue: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(scalar, { maxLength: 2 }),
      fc.record({ $eq: scalar }),
      fc.record({ $neq: scalar }),
      fc.record({ $in: fc.array(scalar, { maxLength: 3 }) }),
      fc.record({ $nin: fc.array(scalar, { maxLength: 3 }) }),
      fc.record({ $gt: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 2 })) }),
      fc.record({ $lte: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 2 })) }),
      fc.record({ $startsWith: fc.string({ maxLength: 2 }) }),
      fc.record({ $contains: scalar }),
      fc.record({ $exist: fc.boolean() }),
      fc.record({ a: tie('filterValue') }),
      fc.record({ $not: tie('filterValue') }),
      fc.record({ $or: fc.array(tie('filterValue'), { minLength: 1, maxLength: 2 }) }),
      fc.record({ $and: fc.array(tie('filterValue'), { minLength: 1, maxLength: 2 }) }),
    ),
  }));
  const at = (value: unknown) => request({ body: value === undefined ? {} : { x: value } });
  const check = (filter: unknown, value: unknown) => matches({ body: { x: filter } }, at(value));

  it('every generated filter value is valid', () => {
    fc.assert(fc.property(filterValue, (f) => validateFilter({ body: { x: f } }) === undefined));
  });

  it('a JSON value without $ keys matches itself as a literal', () => {
    fc.assert(fc.property(literal, (value) => matches({ body: value }, request({ body: value }))));
  });

  it('a JSON value matches itself with $eq, and $neq is its negation', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(check({ $eq: a }, a)).toBe(true);
        expect(check({ $neq: a }, a)).toBe(false);
        expect(check({ $neq: a }, b)).toBe(!check({ $eq: a }, b));
      }),
    );
  });

  it('$in: [v] matches v, and $nin is the negation of $in', () => {
    fc.assert(
      fc.property(json, fc.array(json, { maxLength: 3 }), target, (v, list, t) => {
        expect(check({ $in: [v] }, v)).toBe(true);
        expect(check({ $nin: list }, t)).toBe(!check({ $in: list }, t));
      }),
    );
  });

  it('$not: f is the negation of f', () => {
    fc.assert(fc.property(filterValue, target, (f, t) => check({ $not: f }, t) === !check(f, t)));
  });

  it('$and: [f] and $or: [f] are f', () => {
    fc.assert(
      fc.property(filterValue, target, (f, t) => {
        const expected = check(f, t);
        return check({ $and: [f] }, t) === expected && check({ $or: [f] }, t) === expected;
      }),
    );
  });

  it('$or: [f, g] is f || g and $and: [f, g] is f && g', () => {
    fc.assert(
      fc.property(filterValue, filterValue, target, (f, g, t) => {
        expect(check({ $or: [f, g] }, t)).toBe(check(f, t) || check(g, t));
        expect(check({ $and: [f, g] }, t)).toBe(check(f, t) && check(g, t));
      }),
    );
  });

  it('$exist: true is the negation of $exist: false, and only false matches a missing field', () => {
    fc.assert(
      fc.property(target, (t) => {
        expect(check({ $exist: true }, t)).toBe(t !== undefined);
        expect(check({ $exist: false }, t)).toBe(t === undefined);
      }),
    );
  });

  it('a literal never matches a missing field', () => {
    fc.assert(fc.property(literal, (value) => !check(value, undefined)));
  });

  it('$gt and $lte split every comparable pair', () => {
    const comparable = fc.oneof(
      fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true })),
      fc.tuple(fc.string(), fc.string()),
    );
    fc.assert(fc.property(comparable, ([operand, value]) => check({ $gt: operand }, value) !== check({ $lte: operand }, value)));
  });

  it('adding fields to the target keeps a partial object match', () => {
    const fields = fc.dictionary(fc.string({ maxLength: 3 }).filter((key) => !key.startsWith('$')), scalar);
    fc.assert(fc.property(fields, fields, (listed, extra) => matches({ body: listed }, request({ body: { ...extra, ...listed } }))));
  });
});

describe('eventType', () => {
  it('matches the published type like any other part of the request', () => {
    expect(matches({ eventType: 'order.created' }, request({ eventType: 'order.created' }))).toBe(true);
    expect(matches({ eventType: { $in: ['order.created', 'order.paid'] } }, request({ eventType: 'order.paid' }))).toBe(true);
    expect(matches({ eventType: 'order.created' }, request({ eventType: 'invoice.paid' }))).toBe(false);
    expect(matches({ eventType: null }, request())).toBe(true);
  });
});
