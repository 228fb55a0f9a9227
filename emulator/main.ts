#!/usr/bin/env node
// The `aop-emulator` bin. The command line itself is defined in cli.ts, which `aop-status emulator`
// runs too.

import { runEmulatorCli } from "./cli";

if (require.main === module) {
    void runEmulatorCli().then((code) => {
        process.exitCode = code;
    });
}
