// Jest runs in ESM mode (node --experimental-vm-modules): NestJS 12 ships ES modules only.
// SWC strips types and emits decorator metadata (Nest's DI needs it); `tsc --noEmit` type-checks.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  rootDir: '.',
  testEnvironment: 'node',
  // A guard against hangs, not a speed target (those live in the benchmarks): the e2e set-up hooks fill every
  // table through the API and can take several seconds on a busy two-core machine.
  testTimeout: 90_000,
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // content-disposition ships ESM that @fastify/static require()s: Node 20.19+ allows that, Jest's loader
    // does not, so it is compiled to CommonJS here.
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^#libs/(.*)$': '<rootDir>/libs/$1/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
