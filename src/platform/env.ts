/** An environment as the process has it (or a test makes it): names to values, unset ones undefined. */
export type Env = Record<string, string | undefined>;
