// PLACEHOLDER: replaced by plugin discovery and the runner.
/** Runs plugin `name` if one is found; returns its exit code, or undefined if there is none. */
export async function dispatchPlugin(_name: string, _args: string[], _opts: { json: boolean }): Promise<number | undefined> {
  return undefined;
}

/** Plugin commands for the root help, from the metadata cache (never runs a plugin). */
export async function pluginHelpEntries(): Promise<{ name: string; description: string }[]> {
  return [];
}
