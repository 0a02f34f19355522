#!/usr/bin/env node
// The `zitadel-mock` command (package.json "bin"): `serve` (the default), `fixtures`, `contract`.
import { runCli } from "./cli/program.js";

await runCli(process.argv);
