/**
 * A connection's filter: a JSON document matched against the published request, in the style of
 * Hookdeck's and Convoy's filter syntax, so users can bring filters they already know.
 *
 * Each value of the filter is one of:
 * - a scalar literal: equal to the target (`===`), or, when the target is an array, equal to one
 *   of its (non-array) elements — `{ "tags": "vip" }` matches `tags: ["new", "vip"]`;
 * - an object literal: the target is an object and every listed key matches (others are ignored,
 *   recursively); against an array target, some element matches it;
 * - an array literal: the target is an array and every listed element matches some target element;
 * - an operator object, whose keys all start with `$` (see OPERATORS). Several operators in one
 *   object must all hold. Operators never look inside arrays by themselves — `$contains` does that.
 *
 * A missing field never matches a literal; it only matches `$exist: false`, `$neq`, `$nin` and
 * `$not` of something that needs a value. `null` is a value, not a missing field.
 * Header names match case-insensitively because the request stores them lower-cased.
 * Fields whose names start with `$` cannot be named in a literal; `$eq` on their parent can match them.
 */

export type FilterRequest = {
  body: unknown;
  headers: Record<string, string>;
  path: string;
  query: Record<string, string | string[]>;
  /** The published event type; null when none was named. */
  eventType: string | null;
};

export class FilterError extends Error {
  constructor(
    /** Where in the filter, e.g. `body.amount.$gt` or `body.items[2]`; '' for the filter itself. */
    readonly path: string,
    reason: string,
  ) {
    super(path === '' ? `filter ${reason}` : `filter at ${path} ${reason}`);
    this.name = 'FilterError';
  }
}

const SECTIONS = ['body', 'headers', 'path', 'query', 'eventType'] as const;
type Section = (typeof SECTIONS)[number];

/** The operators and what each accepts, quoted in error messages. */
const OPERATORS = {
  $eq: 'any JSON value, compared exactly (whole objects, arrays in order)',
  $neq: 'any JSON value; true when not exactly equal, or missing',
  $in: 'an array of JSON values, one of which the field exactly equals',
  $nin: 'an array of JSON values, none of which the field equals; true when missing',
  $gt: 'a number or a string (compared with a field of the same type)',
  $gte: 'a number or a string (compared with a field of the same type)',
  $lt: 'a number or a string (compared with a field of the same type)',
  $lte: 'a number or a string (compared with a field of the same type)',
  $startsWith: 'a string',
  $endsWith: 'a string',
  $contains: 'a substring of a string field, or a filter value that some element of an array field matches',
  $exist: 'true or false: whether the field is present',
  $not: 'a filter value that must not match',
  $or: 'a non-empty array of filter values, one of which must match',
  $and: 'a non-empty array of filter values, all of which must match',
} as const;
type Operator = keyof typeof OPERATORS;
const operatorList = Object.keys(OPERATORS).join(', ');

type JsonObject = { [key: string]: unknown };

/**
 * Throws FilterError naming the first offending place and what it accepts. A filter is an object
 * with any of the keys body, headers, path, query and eventType.
 */
export function validateFilter(filter: unknown): void {
  if (!isPlainObject(filter)) {
    throw new FilterError('', `must be an object with any of the keys ${SECTIONS.join(', ')}; got ${typeName(filter)}`);
  }
  for (const key of Object.keys(filter)) {
    if (!isSection(key)) {
      throw new FilterError(childPath('', key), `is not a part of the request; a filter has only the keys ${SECTIONS.join(', ')}`);
    }
    validateValue(filter[key], key);
  }
}

/** Whether the request matches. Assumes validateFilter accepted the filter; compileFilter checks. */
export function matchesFilter(filter: unknown, request: FilterRequest): boolean {
  const sections = filter as JsonObject;
  return Object.keys(sections).every((key) => {
    if (!isSection(key)) throw new FilterError(childPath('', key), 'is not a part of the request; validate filters first');
    return matchValue(sections[key], request[key], key === 'headers');
  });
}

/** Validates once (throwing FilterError) and returns the matcher, for filters applied many times. */
export function compileFilter(filter: unknown): (request: FilterRequest) => boolean {
  validateFilter(filter);
  return (request) => matchesFilter(filter, request);
}

function validateValue(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((element, index) => validateValue(element, `${path}[${index}]`));
    return;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const operators = keys.filter(isOperatorKey);
    if (operators.length === 0) {
      for (const key of keys) validateValue(value[key], childPath(path, key));
      return;
    }
    if (operators.length < keys.length) {
      const fields = keys.filter((key) => !isOperatorKey(key));
      throw new FilterError(
        path,
        `mixes operators (${operators.join(', ')}) with fields (${fields.join(', ')}); an object holds either only operators (keys starting with "$") or only fields`,
      );
    }
    for (const key of operators) validateOperator(key, value[key], childPath(path, key));
    return;
  }
  if (!isJsonScalar(value)) {
    throw new FilterError(path, `is ${typeName(value)}; use a string, number, boolean, null, array, object or operator object`);
  }
}

function validateOperator(key: string, operand: unknown, path: string): void {
  if (!isOperator(key)) throw new FilterError(path, `is an unknown operator; operators are ${operatorList}`);
  const refuse = (): never => {
    throw new FilterError(path, `takes ${OPERATORS[key]}; got ${typeName(operand)}`);
  };
  switch (key) {
    case '$eq':
    case '$neq':
      validateJson(operand, path);
      return;
    case '$in':
    case '$nin':
      if (!Array.isArray(operand)) refuse();
      (operand as unknown[]).forEach((element, index) => validateJson(element, `${path}[${index}]`));
      return;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (typeof operand !== 'string' && !isFiniteNumber(operand)) refuse();
      return;
    case '$startsWith':
    case '$endsWith':
      if (typeof operand !== 'string') refuse();
      return;
    case '$exist':
      if (typeof operand !== 'boolean') refuse();
      return;
    case '$contains':
    case '$not':
      validateValue(operand, path);
      return;
    case '$or':
    case '$and':
      if (!Array.isArray(operand) || operand.length === 0) refuse();
      (operand as unknown[]).forEach((element, index) => validateValue(element, `${path}[${index}]`));
      return;
  }
}

/** Operands of $eq and $in are taken literally, `$` keys included, so they only need to be JSON. */
function validateJson(value: unknown, path: string): void {
  if (Array.isArray(value)) value.forEach((element, index) => validateJson(element, `${path}[${index}]`));
  else if (isPlainObject(value)) for (const key of Object.keys(value)) validateJson(value[key], childPath(path, key));
  else if (!isJsonScalar(value)) throw new FilterError(path, `is ${typeName(value)}; use a JSON value`);
}

/** @param foldKeys field names compare lower-cased: true right under `headers`. */
function matchValue(filter: unknown, target: unknown, foldKeys = false): boolean {
  if (isOperatorObject(filter)) {
    return Object.keys(filter).every((key) => matchOperator(key, filter[key], target, foldKeys));
  }
  if (Array.isArray(filter)) {
    return Array.isArray(target) && filter.every((wanted) => target.some((element) => matchValue(wanted, element)));
  }
  // One level only: a scalar found in an array of arrays is more likely a coincidence than a match.
  if (Array.isArray(target)) return target.some((element) => !Array.isArray(element) && matchValue(filter, element));
  if (isRecord(filter)) {
    if (!isRecord(target)) return false;
    return Object.keys(filter).every((key) => matchValue(filter[key], field(target, foldKeys ? key.toLowerCase() : key)));
  }
  return filter === target;
}

function matchOperator(key: string, operand: unknown, target: unknown, foldKeys: boolean): boolean {
  switch (key as Operator) {
    case '$eq':
      return jsonEqual(operand, target);
    case '$neq':
      return !jsonEqual(operand, target);
    case '$in':
      return Array.isArray(operand) && operand.some((value) => jsonEqual(value, target));
    case '$nin':
      return Array.isArray(operand) && !operand.some((value) => jsonEqual(value, target));
    case '$gt':
      return compare(target, operand, (order) => order > 0);
    case '$gte':
      return compare(target, operand, (order) => order >= 0);
    case '$lt':
      return compare(target, operand, (order) => order < 0);
    case '$lte':
      return compare(target, operand, (order) => order <= 0);
    case '$startsWith':
      return typeof target === 'string' && typeof operand === 'string' && target.startsWith(operand);
    case '$endsWith':
      return typeof target === 'string' && typeof operand === 'string' && target.endsWith(operand);
    case '$contains':
      if (typeof target === 'string') return typeof operand === 'string' && target.includes(operand);
      return Array.isArray(target) && target.some((element) => matchValue(operand, element));
    case '$exist':
      return (target !== undefined) === operand;
    case '$not':
      return !matchValue(operand, target, foldKeys);
    case '$or':
      return Array.isArray(operand) && operand.some((value) => matchValue(value, target, foldKeys));
    case '$and':
      return Array.isArray(operand) && operand.every((value) => matchValue(value, target, foldKeys));
    default:
      throw new FilterError(key, `is an unknown operator; validate filters first`);
  }
}

/**
 * Numbers with numbers, strings with strings by UTF-16 code units — which orders ISO 8601 dates
 * of the same form chronologically. Anything else does not compare, so it does not match.
 */
function compare(target: unknown, operand: unknown, accept: (order: number) => boolean): boolean {
  const comparable =
    (typeof target === 'number' && typeof operand === 'number') || (typeof target === 'string' && typeof operand === 'string');
  if (!comparable) return false;
  return accept(target < operand ? -1 : target > operand ? 1 : 0);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((value, index) => jsonEqual(value, b[index]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

/** Own properties only: a filter naming `constructor` must not find Object.prototype's. */
function field(target: JsonObject, key: string): unknown {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}

function childPath(path: string, key: string): string {
  if (!/^[\w$-]+$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function isSection(key: string): key is Section {
  return (SECTIONS as readonly string[]).includes(key);
}

function isOperator(key: string): key is Operator {
  return Object.hasOwn(OPERATORS, key);
}

function isOperatorKey(key: string): boolean {
  return key.startsWith('$');
}

function isOperatorObject(value: unknown): value is JsonObject {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every(isOperatorKey);
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Filters come from JSON; a Date or a class instance means the caller passed something else. */
function isPlainObject(value: unknown): value is JsonObject {
  if (!isRecord(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isJsonScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return `the number ${value}`;
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : `a ${value.constructor?.name ?? 'non-plain'} object`;
  if (value === undefined) return 'undefined';
  return `a ${typeof value}`;
}
