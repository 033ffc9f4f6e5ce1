import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badInput } from '../errors.ts';
import { toGraphQLError } from './errors.ts';

interface TextSlots {
  /** Arguments given as String literals holding NUL. */
  literals: string[];
  variables: Array<{ name: string; type: GraphQLInputType }>;
}

// Yoga's parser cache hands back the same document for the same query text: scan it once.
const scanned = new WeakMap<DocumentNode, TextSlots>();

function scan(schema: GraphQLSchema, document: DocumentNode): TextSlots {
  const cached = scanned.get(document);
  if (cached) return cached;
  const slots: TextSlots = { literals: [], variables: [] };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type) as GraphQLInputType | undefined;
        if (type) slots.variables.push({ name: node.variable.name.value, type });
        return false;
      },
      StringValue(node) {
        const type = typeInfo.getInputType();
        if (type && isText(type) && node.value.includes('\0')) slots.literals.push(typeInfo.getArgument()?.name ?? 'a string literal');
      },
    }),
  );
  scanned.set(document, slots);
  return slots;
}

/**
 * PostgreSQL text cannot hold NUL (U+0000): a String or ID argument carrying one failed deep in
 * the database as an internal error. This finds them before execution, named by where they are
 * (`filter.sourceName` in a variable, or the argument of a literal). JSON values are left to their own checks,
 * which name the path inside the body.
 */
function nulTextPaths(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined): string[] {
  const { literals, variables: slots } = scan(schema, document);
  const found = [...literals];
  // Named as the domain's own checks name fields (input.path), so the message reads the same.
  for (const { name, type } of slots) walkValue(type, variables?.[name], name, found);
  return found;
}

const isText = (type: GraphQLInputType) => {
  const named = getNamedType(type);
  return isScalarType(named) && (named.name === 'String' || named.name === 'ID');
};

function walkValue(type: GraphQLInputType, value: unknown, path: string, found: string[]): void {
  if (value === null || value === undefined) return;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (Array.isArray(value)) value.forEach((item, index) => walkValue(inner.ofType, item, `${path}[${index}]`, found));
    return;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== 'object') return;
    for (const [name, field] of Object.entries(inner.getFields())) walkValue(field.type, (value as Record<string, unknown>)[name], `${path}.${name}`, found);
    return;
  }
  if (isText(inner) && typeof value === 'string' && value.includes('\0')) found.push(path);
}

/** Refuses, before execution, any operation with NUL in a String or ID argument (HTTP, SSE and WebSocket alike). */
export function useRefuseNulText(): Plugin {
  const refusal = (paths: string[]) =>
    toGraphQLError(badInput(paths[0], `${paths.join(', ')}: text cannot hold the NUL character (U+0000); remove it and send again.`), {}, false);
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; variableValues?: Record<string, unknown> | null }, stop: (result: { errors: GraphQLError[] }) => void) => {
    const paths = nulTextPaths(args.schema, args.document, args.variableValues);
    if (paths.length > 0) stop({ errors: [refusal(paths)] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}
