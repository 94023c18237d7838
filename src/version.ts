import pkg from "../package.json" with { type: "json" };

// Replaced at build time by scripts/build.ts (`--define`); falls back to package.json.
declare const __REPO_MANAGER_VERSION__: string | undefined;

export const VERSION: string =
  typeof __REPO_MANAGER_VERSION__ === "string" ? __REPO_MANAGER_VERSION__ : pkg.version;
