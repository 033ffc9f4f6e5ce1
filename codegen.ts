import type { CodegenConfig } from '@graphql-codegen/cli';

// Types the GraphQL documents used by tests and the bench against the checked-in schema.graphql.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/documents.ts'],
  ignoreNoDocuments: false,
  // ESM output: generated files import each other with extensions, as NodeNext requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
