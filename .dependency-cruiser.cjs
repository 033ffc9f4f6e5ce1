/**
 * The house's one-way doors, checked by `npm run lint`:
 *   edges (main, app, config, server/, graphql/, jobs/, every *.graphql.ts)
 *     -> domains (tenancy < event-types < events < issues < destinations < connections)
 *     -> engines (delivery, rules, sandbox, signing, security, live)
 *     -> db (db/, generated/) and the shared leaves (errors.ts, ids.ts, kept.ts).
 * A domain may use the domains before it in that order, never one after it, so no two folders
 * import each other.
 */
const edge = '^src/(main\\.ts|app\\.ts|config\\.ts|server/|graphql/|jobs/|.+\\.graphql\\.ts$)';
const domainFolders = ['tenancy', 'event-types', 'events', 'issues', 'destinations', 'connections'];
const domain = `^src/(${domainFolders.join('|')})/`;
const engine = '^src/(delivery|rules|sandbox|signing|security|live)/';
const db = '^src/(db|generated)/';
const graphqlPackages = '(^|/)node_modules/(graphql|graphql-yoga|graphql-ws|graphql-scalars|@pothos/[^/]+|@graphql-yoga/[^/]+)/';

/** For each domain, the domains after it in the order: it must not import those. */
const domainOrder = domainFolders.map((folder, index) => ({
  name: `domain-order-${folder}`,
  comment: `${folder}/ comes before ${domainFolders.slice(index + 1).join(', ') || 'no other domain'} in the domain order; import the other way round.`,
  severity: 'error',
  from: { path: `^src/${folder}/`, pathNot: '\\.graphql\\.ts$' },
  to: { path: `^src/(${domainFolders.slice(index + 1).join('|') || '$^'})/`, pathNot: '\\.graphql\\.ts$' },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Two modules that import each other cannot be understood, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domains-not-to-edges',
      comment: 'Domains are free of transport: a domain rule must not know of HTTP routes, GraphQL types or jobs.',
      severity: 'error',
      from: { path: domain, pathNot: '\\.graphql\\.ts$' },
      to: { path: edge },
    },
    {
      name: 'engines-not-up',
      comment: 'Engines (delivery, rules, sandbox, signing, security, live) serve domains; they declare the interfaces they need instead of importing them.',
      severity: 'error',
      from: { path: engine, pathNot: '\\.graphql\\.ts$' },
      to: { path: `(${edge})|(${domain})` },
    },
    {
      name: 'db-not-up',
      comment: 'The database layer is the bottom: it imports nothing of ours but the shared leaves.',
      severity: 'error',
      from: { path: db },
      to: { path: '^src/', pathNot: `(${db})|^src/(errors|ids|kept)\\.ts$` },
    },
    {
      name: 'graphql-only-at-the-edge',
      comment: 'GraphQL and Pothos belong to the GraphQL layer (graphql/, *.graphql.ts) and the server edge.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(graphql/|server/|generated/)|\\.graphql\\.ts$' },
      to: { path: graphqlPackages },
    },
    ...domainOrder,
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing fails at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Generated clients are leaves for us: their own internal cycles are Prisma's business.
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
