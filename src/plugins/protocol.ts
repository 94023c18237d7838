/** Protocol constants, in a module of their own so the dispatch path does not load the metadata schema. */
export const METADATA_ARG = "__repo-manager-metadata";
export const METADATA_SCHEMA_VERSION = 1;
/** Protocol versions this host speaks (REPO_MANAGER_PROTOCOL is the highest). */
export const SUPPORTED_PROTOCOLS = [1] as const;
export const PROTOCOL = 1;
