import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureCost } from '../../src/graphql/cost.ts';

const schema = buildSchema(`
  type PageInfo { hasNextPage: Boolean! }
  type Attempt { id: ID! status: String! }
  type Source { id: ID! connections(first: Int, last: Int): ConnectionConnection! }
  type Connection { id: ID! source: Source! }
  type ConnectionEdge { node: Connection! }
  type ConnectionConnection { edges: [ConnectionEdge!]! pageInfo: PageInfo! }
  type Event { id: ID! codes: [String!]! attempts: [Attempt!]! connection: Connection! }
  type EventEdge { node: Event! }
  type EventConnection { edges: [EventEdge!]! nodes: [Event!]! pageInfo: PageInfo! }
  union Thing = Event | Attempt
  input EventFilter { sourceName: String! }
  type Query {
    events(first: Int, last: Int, after: String, filter: EventFilter): EventConnection!
    issues(take: Int): [Attempt!]!
    event(id: ID!): Event
    things: [Thing!]!
  }
`);

const cost = (query: string, variables?: Record<string, unknown>) => measureCost({ schema, document: parse(query), variables }, { defaultListSize: 20 });

describe('query cost', () => {
  it('counts every field once without lists', () => {
    expect(cost('{ event(id: "e") { id connection { id } } }')).toBe(4);
  });

  it('multiplies a page by its first argument, and its edges count as that page', () => {
    // events 100 × (events 1 + edges 1 + node 1 + id 1 + 20 × (attempts 1 + id 1))
    expect(cost('{ events(first: 100) { edges { node { id attempts { id } } } } }')).toBe(4_400);
    expect(cost('{ events(last: 3) { nodes { id } pageInfo { hasNextPage } } }')).toBe(3 * (1 + 2 + 2));
  });

  it('reads the page size from variables, and from a variable default', () => {
    const query = 'query($n: Int) { events(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 5 })).toBe(5 * 4);
    expect(cost('query($n: Int = 7) { events(first: $n) { edges { node { id } } } }')).toBe(7 * 4);
    expect(cost(query)).toBe(20 * 4);
    expect(cost('{ issues(take: 2) { id } }')).toBe(2 * 2);
  });

  it('uses the default page size for a page without a size, or any list of objects; a list of scalars is one value', () => {
    expect(cost('{ events { edges { node { codes } } } }')).toBe(20 * 4);
    expect(cost('{ event(id: "e") { attempts { id status } } }')).toBe(1 + 20 * 3);
  });

  it('multiplies nested lists', () => {
    const nested = '{ events(first: 100) { edges { node { connection { source { connections(first: 100) { edges { node { id } } } } } } } } }';
    // inner: 100 × (connections 1 + edges 1 + node 1 + id 1) = 400; outer: 100 × (events, edges, node, connection, source 5 + 400)
    expect(cost(nested)).toBe(100 * (5 + 400));
  });

  it('counts fragments and inline fragments where they are spread, aliases each time', () => {
    const viaFragment = cost('query { events(first: 10) { ...Page } } fragment Page on EventConnection { edges { node { id } } }');
    expect(viaFragment).toBe(cost('{ events(first: 10) { edges { node { id } } } }'));
    expect(cost('{ a: event(id: "1") { id } b: event(id: "2") { id } }')).toBe(4);
    expect(cost('{ things { ... on Event { id } ... on Attempt { id status } } }')).toBe(20 * (1 + 1 + 2));
  });

  it('measures a fragment once, so doubling fragments cost linear time', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Event { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : 'id'} }`);
    const query = `{ event(id: "e") { ...F0 } } ${fragments.join(' ')}`;
    const started = performance.now();
    // An upper bound: each spread counts, though graphql-js merges repeated ones.
    expect(cost(query)).toBe(1 + 2 ** (levels - 1));
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('leaves introspection out, and answers null when it cannot measure', () => {
    expect(cost('{ __schema { types { name fields { name } } } __typename }')).toBe(1);
    expect(cost('query A { event(id: "e") { id } }', undefined)).toBe(2);
    expect(measureCost({ schema, document: parse('query A { __typename }'), operationName: 'B' }, { defaultListSize: 20 })).toBeNull();
    expect(cost('query($n: Int!) { events(first: $n) { nodes { id } } }', { n: 'many' })).toBeNull();
  });

  it('measures a document once when no page size reads a variable, and per call when one does', () => {
    const constant = parse('query($id: ID!) { event(id: $id) { id attempts { id } } }');
    // Its variables are not coerced at all: execution reports a missing one, not the cost rule.
    expect(measureCost({ schema, document: constant, variables: {} }, { defaultListSize: 20 })).toBe(1 + 1 + 20 * 2);
    expect(measureCost({ schema, document: constant, variables: { id: 'e' } }, { defaultListSize: 20 })).toBe(42);
    expect(measureCost({ schema, document: constant }, { defaultListSize: 5 })).toBe(1 + 1 + 5 * 2);

    const paged = parse('query($n: Int, $after: String) { events(first: $n, after: $after) { nodes { id } } }');
    expect(measureCost({ schema, document: paged, variables: { n: 5 } }, { defaultListSize: 20 })).toBe(5 * 3);
    expect(measureCost({ schema, document: paged, variables: { n: 7 } }, { defaultListSize: 20 })).toBe(7 * 3);
    expect(measureCost({ schema, document: paged, variables: { n: 'many' } }, { defaultListSize: 20 })).toBeNull();
    // A variable nested in another argument is read too, so the page size stays the literal one.
    const nested = parse('query($s: String!) { events(first: 3, filter: { sourceName: $s }) { nodes { id } } }');
    expect(measureCost({ schema, document: nested, variables: { s: 'a' } }, { defaultListSize: 20 })).toBe(3 * 3);
  });
});
