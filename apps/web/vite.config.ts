/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';

// Built into dist/web at the repository root, which the API serves (apps/api/app.factory.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // SWC compiles the JSX (automatic runtime) and, under `vite` in development, adds React Fast Refresh: an edited
  // component re-renders in place and keeps its state.
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
  // Component tests of the shared UI pieces (`*.test.ts(x)` beside the code) in jsdom: no browser, no API.
  // `npm test` runs them in their own phase (scripts/test.mjs); the journeys under test/web/ drive the real app.
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: [fileURLToPath(new URL('./test/setup.ts', import.meta.url))],
    // An origin for the typed client's base URL (window.location.origin).
    environmentOptions: { jsdom: { url: 'http://localhost:3000/app' } },
  },
});
