// Types of scripts/web-source-rules.mjs for test/web/source-rules.spec.ts.
export declare const MAX_LINES: number;
export declare function webSourceProblems(dir?: string, root?: string): string[];
