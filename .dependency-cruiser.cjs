// Module boundaries (`npm run lint`; test/boundaries.spec.ts shows each rule bites). A lib is a folder under
// libs/ with an index.ts; everything else in it is private to it. Arrows between libs point one way.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'apps-use-lib-entry-points',
      comment: 'Apps import a lib only through its entry point (#libs/<name>), never its files.',
      severity: 'error',
      from: { path: '^apps/(api|worker)/' },
      to: { path: '^libs/[^/]+/.+', pathNot: '^libs/[^/]+/index\\.[jt]s$' },
    },
    {
      name: 'no-deep-cross-lib-import',
      comment: 'A lib uses another lib only through its entry point (#libs/<name>), not by reaching into its files.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^libs/$1/', '^libs/[^/]+/index\\.[jt]s$'] },
    },
    {
      name: 'no-relative-cross-lib-import',
      comment: 'Even an entry point is imported as #libs/<name>, so a moved file cannot silently keep a ../ path.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-lib-cycles',
      comment: 'Libs form a layered graph: if A uses B, nothing B uses may use A.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^libs/[^/]+$' },
      to: { path: '^libs/[^/]+$', circular: true },
    },
    {
      name: 'libs-not-from-apps-tests-or-scripts',
      comment: 'Libs are below the apps, the tests and the scripts: production code never imports test helpers.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/testing/' },
      to: { path: '^(apps|test|scripts)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.data|apps/web|test/boundaries/fixtures)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      // `#libs/<name>` resolves through package.json "imports" with the development condition, to the source.
      conditionNames: ['development', 'import', 'node', 'default'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.json'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
