// Types of scripts/build-web.mjs for the TypeScript that imports it (test/web/build.spec.ts).
export function generateApiTypes(document?: unknown, outFile?: string): Promise<void>;
export function buildWeb(): Promise<boolean>;
