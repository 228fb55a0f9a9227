import { DEFAULT_ENV_PREFIX } from "../../credentials";
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
    /** `--credentials-env`: the prefix of the variables credentials are read from; CLOUDFLARE when absent. */
    credentialsEnv?: string;
}

export function refuseCredentialFlags(flags: RefusedCredentialFlags & GlobalFlags): void {
    const flag = refusedCredentialFlag(flags);
    if (flag === undefined) return;
    const prefix = flags.credentialsEnv ?? DEFAULT_ENV_PREFIX;
    throw new UsageError(
        `${flag} is not supported: credentials are read only from ${prefix}_API_TOKEN (or ${prefix}_API_KEY + ${prefix}_EMAIL), ` +
            "because a command line ends up in shell history, process lists and CI logs. " +
            "If that value is a real credential, consider it exposed and rotate it",
    );
}
