import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { kept } from '../kept.ts';

/** One way a value breaks a schema: where (a JSON Pointer into the value) and what. */
export interface Violation {
  path: string;
  message: string;
}

const MAX_VIOLATIONS = 10;

// allErrors: a publisher fixing a body wants every problem at once, not one per try.
const ajv = new Ajv2020({ allErrors: true, strict: false });

const violations = (errors: ErrorObject[] | null | undefined): Violation[] =>
  (errors ?? []).slice(0, MAX_VIOLATIONS).map((error) => ({ path: error.instancePath || '/', message: error.message ?? 'is invalid' }));

/** The problems of a JSON Schema (draft 2020-12) itself; empty when ajv can compile it. */
export function schemaProblems(schema: unknown): Violation[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return typeof schema === 'boolean' ? [] : [{ path: '/', message: 'must be a JSON Schema: an object or a boolean' }];
  }
  if (!ajv.validateSchema(schema)) return violations(ajv.errors);
  try {
    compile(schema);
    return [];
  } catch (error) {
    return [{ path: '/', message: error instanceof Error ? error.message : String(error) }];
  }
}

// Compiled validators by the stored schema's text: compiling costs milliseconds, a publish must not.
const compile = kept(
  (schema: object | boolean): ValidateFunction => {
    const validate = ajv.compile(schema);
    // The compiled function, not the key, is what ajv keeps: drop it too, or old schemas pile up.
    ajv.removeSchema(schema);
    return validate;
  },
  { max: 500, keyOf: (schema) => JSON.stringify(schema) },
);

/** How `value` breaks `schema` (at most MAX_VIOLATIONS); empty when it conforms. */
export function violationsOf(schema: object | boolean, value: unknown): Violation[] {
  const validate = compile(schema);
  return validate(value) ? [] : violations(validate.errors);
}
