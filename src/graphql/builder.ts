import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import { DomainError } from '../errors.ts';
import { ownsSource } from '../tenancy/authorization.ts';
import type { Context } from './context.ts';

/** Plugins and scalars only; the types live beside their domain in src/<domain>/*.graphql.ts. */
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  AuthScopes: {
    /** The platform's admin API key. */
    admin: boolean;
    /** May see this source's data: the admin, or a tenant token of that source. */
    source: string;
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  // Tenancy is enforced here and in src/tenancy/authorization.ts, not in individual resolvers:
  // every object that belongs to a source declares it, and is refused to other sources' tokens.
  scopeAuth: {
    runScopesOnType: true,
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      admin: ctx.principal.kind === 'admin',
      source: (sourceId: string) => ownsSource(ctx.principal, sourceId),
    }),
    unauthorizedError: () => new DomainError('FORBIDDEN', 'This token may not see that: it belongs to another source.'),
  },
  defaultFieldNullability: false,
  prisma: {
    // The client differs per app instance (each has its own database), so it comes from the context.
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    // A resolver that ignores its Prisma query argument loads relations twice: say so, everywhere.
    onUnusedQuery: 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // Ids are plain prefixed ids (evt_...), not Relay global ids; no node(id) root fields.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
