import type { CodegenConfig } from '@graphql-codegen/cli';

// Types the GraphQL documents used by tests and the bench, and those of the tenant portal, against
// the checked-in schema.graphql. Each target has its own documents.
const typedDocuments = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    scalars: { DateTime: 'string', JSON: 'unknown' },
    enumsAsTypes: true,
    useTypeImports: true,
  },
} as const;

const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  // ESM output: generated files import each other with extensions, as NodeNext requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': { ...typedDocuments, documents: ['test/documents.ts'] },
    // The portal's documents (graphql(`...`) calls in portal/src), typed for urql in the browser.
    'portal/src/gql/': {
      ...typedDocuments,
      documents: ['portal/src/**/*.{ts,tsx}', '!portal/src/gql/**'],
      // No __typename in result types: urql's cache adds it to the documents it sends.
      config: { ...typedDocuments.config, skipTypename: true },
    },
  },
};

export default config;
