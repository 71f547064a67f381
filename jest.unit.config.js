// `npm run test:unit`: the pure specs only, those beside the code in libs/ and apps/ (test/ holds the suites
// that need PostgreSQL, Redis or a build). Same SWC transform and module mapping as jest.config.js; no tsc,
// no services. A pure spec that opens a network connection fails (scripts/unit-no-network.ts): it belongs
// in test/.
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
  setupFiles: ['<rootDir>/scripts/unit-no-network.ts'],
};
