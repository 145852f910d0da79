// `npm run codegen`: typed documents (TypedDocumentNode) for every operation in client/operations,
// against the client-facing schema, plus the persisted-operations manifest the gateway loads.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/api.graphql",
  documents: ["client/operations/*.graphql"],
  ignoreNoDocuments: false,
  // Imports with .js extensions, as Node's ESM resolution wants them.
  emitLegacyCommonJSImports: false,
  generates: {
    "client/generated/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: { useTypeImports: true, enumsAsTypes: true, skipTypename: true },
    },
  },
};

export default config;
