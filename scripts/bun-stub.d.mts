// Types for bun-stub.mjs (plain JavaScript so that node can run it before any bun works).
export declare const bunBinIn: (root: string) => string;
export declare function isBunPlaceholder(file: string): boolean;
export declare function bunPlaceholderProblem(root: string): [string, string] | null;
