import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into dist/web at the repository root, which the API serves (apps/api/app.factory.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
