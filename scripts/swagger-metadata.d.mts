// Types for scripts/swagger-metadata.mjs, imported by test/swagger-metadata.spec.ts.
export declare const METADATA_FILE: string;
export declare function generateSwaggerMetadata(outputDir?: string): void;
