/**
 * `aop-status get TARGET`: every output of the resource for one hostname, derived fields
 * included, with the same exit codes as `check` so scripts can branch on it.
 */
import { Option, type Command } from "commander";

import { ExitCode, exitCodeFor } from "../exit-codes";
import { renderOutputsJson } from "../format-json";
import { renderOutputsTable } from "../format-table";
import { printError } from "../io";
import {
    addHealthOptions,
    addRefusedCredentialOptions,
    addZoneIdOption,
    settingsFrom,
    type HealthFlags,
    type RefusedCredentialFlags,
} from "../options";
import { summarize } from "../report";
import { checkTargets } from "../runner";
import { colorEnabled, palette } from "../terminal";
import { connect, resolveConnection } from "../connection";
import { loadTargets } from "./targets-input";
import { refuseCredentialFlags, type CommandContext, type GlobalFlags } from "./context";

interface GetFlags extends GlobalFlags, HealthFlags, RefusedCredentialFlags {
    zoneId?: string;
    format: "table" | "json";
}

const EXAMPLES = `
Examples:
  $ aop-status get 023e105f4ecef8ad9ca31a8372d0c353/app.example.com
  $ aop-status get --zone-id 023e105f4ecef8ad9ca31a8372d0c353 app.example.com --format json | jq -r .certNotAfter

--format json prints the outputs object alone, keys in the resource's output order.
Exit codes as for check: 0 healthy, 1 unhealthy or missing, 2 usage, 3 API or credential error.`;

export function registerGet(program: Command, context: CommandContext): void {
    const command = program
        .command("get")
        .description("print every output of the resource for one hostname, derived fields included")
        .argument("<target>", "ZONE_ID/HOSTNAME (or HOSTNAME with --zone-id)");
    addZoneIdOption(command);
    addHealthOptions(command);
    command
        .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
        .addHelpText("after", EXAMPLES);
    addRefusedCredentialOptions(command);

    command.action(async (target: string, _options: unknown, self: Command) => {
        const { io } = context;
        const flags = self.optsWithGlobals<GetFlags>();
        refuseCredentialFlags(flags);
        const targets = loadTargets([target], { zoneId: flags.zoneId });
        const settings = settingsFrom(flags);
        const client = connect(io.env, resolveConnection(io.env, flags.baseUrl, {}, flags.credentialsEnv));
        const { results } = await checkTargets(targets, client, { settings, concurrency: 1, now: new Date() });
        const [result] = results;
        if (result.error || !result.outputs) {
            printError(io, result.error?.message ?? "no outputs");
            context.setExitCode(ExitCode.Failure);
            return;
        }
        io.stdout.write(
            flags.format === "json"
                ? renderOutputsJson(result.outputs)
                : renderOutputsTable(result.outputs, palette(colorEnabled(io.stdout, io.env))),
        );
        context.setExitCode(exitCodeFor(summarize(results), settings.allowMissing));
    });
}
