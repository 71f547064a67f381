// ESLint flat config: typescript-eslint with type information for every TypeScript file (each file's nearest
// tsconfig.json, so apps/web is checked against its own DOM/React settings), plain recommended rules for the
// .mjs scripts, and eslint-config-prettier last so formatting is Prettier's alone (`npm run lint`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'coverage/',
      'apps/web/generated/',
      'apps/api/swagger-metadata.ts',
      'bench/results/',
      'test/boundaries/fixtures/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // vite.config.ts belongs to no tsconfig (the web app's covers src/ only).
        projectService: { allowDefaultProject: ['apps/web/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Unused names are tsc's job (noUnusedLocals / noUnusedParameters); `_`-prefixed ones are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests read responses whose bodies are `any` by design (supertest's `res.body`, parsed JSON) and assert on
    // their shape; typing each one would restate openapi.json in every test. Production code stays strict.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Helpers take loosely typed request bodies, and test doubles stand in for async interfaces (an async
      // generator as a stream source) with bodies that need no await.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
