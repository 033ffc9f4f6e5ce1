import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * What an operation may make the server do, before it runs: every field counts 1, times the items
 * of every list around it. A field with a `first`, `last` or `take` argument is a page of that
 * many items (its default page size when the argument is left out); any other list of objects
 * counts as a page of the default size; the `edges` and `nodes` of a connection are the page its
 * field already counted. So `events(first: 100) { edges { node { id attempts { id } } } }` is
 * 100 × (events 1 + edges 1 + node 1 + id 1 + 20 × (attempts 1 + id 1)) = 4,400.
 *
 * Introspection (`__schema`, `__type`) is left out: it reads the schema in memory, and graphql-js's
 * own rule refuses it nested past three levels of fields (15 aliases of the deepest allowed one
 * answer in about 130 ms). Directives (@skip, @include) are ignored: a cost is an upper bound.
 */
export interface CostOptions {
  /** Items assumed for a paginated field without a size argument, or a list without one. */
  defaultListSize: number;
}

export interface CostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  /** The request's variables, as sent (coerced here as execution will, and only when a page size reads one). */
  variables?: Record<string, unknown> | null;
}

const PAGE_ARGUMENTS = ['first', 'last', 'take'];
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Costs that depend on no variable, per schema and parsed document (Yoga hands the same document
 * object to every request of the same text): most operations, a publish among them, then cost a
 * lookup instead of a walk and a coercion of their variables (a body among them) on every call.
 */
const constantCosts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();

/**
 * The operation's cost, or null when it cannot be measured here (no such operation, or variables
 * that a page size needs and that do not coerce): execution then reports that itself.
 */
export function measureCost(request: CostRequest, options: CostOptions): number | null {
  const key = `${options.defaultListSize}:${request.operationName ?? ''}`;
  const remembered = constantCosts.get(request.schema)?.get(request.document)?.get(key);
  if (remembered !== undefined) return remembered;
  const operation = getOperationAST(request.document, request.operationName ?? undefined);
  if (!operation) return null;
  const rootType = request.schema.getRootType(operation.operation);
  if (!rootType) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of request.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walker = new CostWalker(request.schema, fragments, () => {
    const coerced = getVariableValues(request.schema, operation.variableDefinitions ?? [], request.variables ?? {});
    return coerced.errors ? null : coerced.coerced;
  }, options);
  const cost = walker.selectionCost(operation.selectionSet, rootType);
  if (walker.variablesRead === null) return null;
  if (walker.variablesRead === 'none') remember(request, key, cost);
  return cost;
}

function remember({ schema, document }: CostRequest, key: string, cost: number): void {
  let bySchema = constantCosts.get(schema);
  if (!bySchema) constantCosts.set(schema, (bySchema = new WeakMap()));
  let byDocument = bySchema.get(document);
  if (!byDocument) bySchema.set(document, (byDocument = new Map()));
  byDocument.set(key, cost);
}

class CostWalker {
  /** A fragment costs the same wherever it is spread: measured once, so fragment fan-out stays linear. */
  private readonly fragmentCosts = new Map<string, number>();
  /** 'none' until a page size names a variable; then the coerced variables, or null if they do not coerce. */
  variablesRead: 'none' | Record<string, unknown> | null = 'none';

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly coerceVariables: () => Record<string, unknown> | null,
    private readonly options: CostOptions,
  ) {}

  selectionCost(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) total += this.fieldCost(selection, parentType);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += this.selectionCost(selection.selectionSet, this.conditionType(selection.typeCondition?.name.value) ?? parentType);
      } else total += this.fragmentCost(selection.name.value);
    }
    return total;
  }

  private fragmentCost(name: string): number {
    const known = this.fragmentCosts.get(name);
    if (known !== undefined) return known;
    // Validation refuses fragment cycles before execution; this guards a direct call.
    this.fragmentCosts.set(name, 0);
    const fragment = this.fragments.get(name);
    const type = this.conditionType(fragment?.typeCondition.name.value);
    const cost = fragment && type ? this.selectionCost(fragment.selectionSet, type) : 0;
    this.fragmentCosts.set(name, cost);
    return cost;
  }

  private fieldCost(node: FieldNode, parentType: GraphQLCompositeType): number {
    if (INTROSPECTION_ROOTS.has(node.name.value)) return 0;
    const field = fieldOf(parentType, node.name.value);
    if (!field) return 1;
    const childType = getNamedType(field.type);
    const children = node.selectionSet && isCompositeType(childType) ? this.selectionCost(node.selectionSet, childType) : 0;
    return this.items(field, node, parentType) * (1 + children);
  }

  /** How many times the field's selection is resolved, per item of its parent. */
  private items(field: GraphQLField<unknown, unknown>, node: FieldNode, parentType: GraphQLCompositeType): number {
    if (field.args.some((arg) => PAGE_ARGUMENTS.includes(arg.name))) return this.pageSize(field, node);
    const listOfObjects = isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
    if (!listOfObjects || isConnectionPage(parentType, field.name)) return 1;
    return this.options.defaultListSize;
  }

  private pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
    if (node.arguments?.some((argument) => namesVariable(argument.value)) && this.variablesRead === 'none') this.variablesRead = this.coerceVariables();
    const variables = this.variablesRead === 'none' ? {} : this.variablesRead;
    if (variables === null) return this.options.defaultListSize;
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, variables);
    } catch {
      // An argument that does not coerce fails execution anyway; count the default meanwhile.
      return this.options.defaultListSize;
    }
    const sizes = PAGE_ARGUMENTS.map((name) => values[name]).filter((value): value is number => typeof value === 'number');
    return sizes.length ? Math.max(0, ...sizes) : this.options.defaultListSize;
  }

  private conditionType(name: string | undefined): GraphQLCompositeType | undefined {
    const type = name === undefined ? undefined : this.schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  }
}

function namesVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(namesVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => namesVariable(field.value));
  return false;
}

function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

/** `edges` and `nodes` of a Relay connection type: the items its own field already counted. */
function isConnectionPage(parentType: GraphQLCompositeType, fieldName: string): boolean {
  return (fieldName === 'edges' || fieldName === 'nodes') && fieldOf(parentType, 'pageInfo') !== undefined;
}
