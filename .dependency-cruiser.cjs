// The project's boundaries, checked in CI by `npm run lint:deps` (dependency-cruiser).
// Layers: scripts, tests and bench → services (gateway, subgraphs) → platform, schema, model
// contract; a package is entered by its name and its front door, never by a path into its files.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-relative-import-into-another-package",
      comment: "Enter a package by its name (its index.ts front door or a door its package.json exports), not by a relative path into its files.",
      severity: "error",
      from: { path: "^(gateway|platform|model|schema|subgraphs/[^/]+|scripts|tests|bench|deploy|client|examples)/" },
      to: { path: "^(gateway|platform|model|schema|subgraphs/[^/]+)/", pathNot: "^$1/", dependencyTypes: ["local"], dependencyTypesNot: ["aliased-workspace"] },
    },
    {
      name: "services-do-not-import-each-other",
      comment: "The gateway and the subgraphs talk over HTTP only; what they share lives in platform/ or schema/.",
      severity: "error",
      from: { path: "^(gateway|subgraphs/[^/]+)/src/" },
      to: { path: "^(gateway|subgraphs/[^/]+)/src/", pathNot: "^$1/src/" },
    },
    {
      name: "shared-packages-stay-below-the-services",
      comment: "platform/, schema/ and model/ are used by the services, the scripts and the tests, and use none of them.",
      severity: "error",
      from: { path: "^(platform|schema|model)/" },
      to: { path: "^(gateway|subgraphs|scripts|tests|bench)/" },
    },
    {
      name: "ml-serves-the-contract-not-the-training-code",
      comment: "The ML service (and its image) needs the model artifact and its contract, not the training pipeline: nothing the service loads, directly or through the contract, reaches training code (the contract shares the tokenizer's text rules with training).",
      severity: "error",
      from: { path: "^subgraphs/ml/src/main\\.ts$" },
      to: { path: "^model/", pathNot: "^model/src/(contract/|features/text-rules\\.ts$)", reachable: true },
    },
    {
      name: "imports-resolve",
      comment: "An import that does not resolve (a door a package does not export, a file that is gone) fails here rather than at run time.",
      severity: "error",
      // lexicon-expansion is a training-time tool installed on its own; the typed-document package holds types only.
      from: { pathNot: "^model/lexicon-expansion/" },
      to: { couldNotResolve: true, pathNot: "^@graphql-typed-document-node/core$" },
    },
    {
      name: "no-circular",
      comment: "A cycle means two modules are one module in two files, or a rule lives in the wrong one.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|\\.scratch)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
