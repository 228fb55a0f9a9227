import { UsageError } from "../errors";
import type { CliIo } from "../io";
import type { ExitCode } from "../exit-codes";
import { refusedCredentialFlag, type RefusedCredentialFlags } from "../options";

/** What every command action gets: the outside world, and where to leave its exit code. */
export interface CommandContext {
    io: CliIo;
    setExitCode(code: ExitCode): void;
}

export interface GlobalFlags {
    baseUrl?: string;
}

export function refuseCredentialFlags(flags: RefusedCredentialFlags): void {
    const flag = refusedCredentialFlag(flags);
    if (flag === undefined) return;
    throw new UsageError(
        `${flag} is not supported: credentials are read only from CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL), ` +
            "because a command line ends up in shell history, process lists and CI logs. " +
            "If that value is a real credential, consider it exposed and rotate it",
    );
}
