#!/usr/bin/env node
// Run by each package's `prepack`: copies the named files from the repository root into the
// package folder, so the tarball carries the README, CHANGELOG and LICENSE that live once at the
// top of the repository. The copies are git-ignored (see .gitignore).
"use strict";
const { copyFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
for (const name of process.argv.slice(2)) copyFileSync(join(root, name), join(process.cwd(), name));
