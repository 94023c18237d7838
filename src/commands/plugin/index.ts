// PLACEHOLDER: replaced by the plugin management commands.
import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "plugin", description: "List, inspect, install and run plugins" },
  subCommands: {},
});
