// One line per command; each command lives in its own file beside this one (flags: command.ts).
import { apikeyCreate } from "@/scripts/cli/apikey-create";
import { apikeyRevoke } from "@/scripts/cli/apikey-revoke";
import { justworksUpdate } from "@/scripts/cli/justworks-update";
import { staffCreate } from "@/scripts/cli/staff-create";
import { workspaceCreate } from "@/scripts/cli/workspace-create";
import { apikeyList, workspaceList, workspaceOrigins } from "@/scripts/cli/workspace-list";
import type { Command } from "@/scripts/cli/command";

export const commands: Record<string, Command> = {
  "staff:create": staffCreate,
  "workspace:create": workspaceCreate,
  "apikey:create": apikeyCreate,
  "apikey:revoke": apikeyRevoke,
  "workspace:list": workspaceList,
  "workspace:origins": workspaceOrigins,
  "apikey:list": apikeyList,
  "justworks:update": justworksUpdate,
};
