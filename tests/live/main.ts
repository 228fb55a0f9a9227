/**
 * Entry point of `npm run test:live` (see run.ts and the README, "Check the emulator against your
 * account"). It lives outside tests/unit and tests/integration, so `npm test` and CI never run it.
 * It exits explicitly once the output is written: idle keep-alive sockets must not hold it open.
 */
import { redactSecrets } from "../../provider/redaction";
import { liveSecrets, runLiveContract } from "./run";

function exit(code: number): void {
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

runLiveContract({ env: process.env, stdout: process.stdout, stderr: process.stderr }).then(exit, (error: unknown) => {
    // A bug, not an answer: its name and message only (an object dump could hold request headers), scrubbed all the same.
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`test:live: unexpected ${redactSecrets(what, liveSecrets(process.env))}\n`);
    exit(1);
});
