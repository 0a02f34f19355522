/**
 * All benchmarks: `npm run bench` (or `npm run bench -- search` / `-- protocols` for one).
 * Numbers are medians; compare rows of one run, not runs on different machines.
 */
import { runProtocolCost } from "./protocol-cost.js";
import { runSearchScaling } from "./search-scaling.js";
import { runStartup } from "./startup.js";

const which = new Set(process.argv.slice(2));
const all = which.size === 0;
if (all || which.has("search")) await runSearchScaling();
if (all) console.log("");
if (all || which.has("protocols")) await runProtocolCost();
if (all) console.log("");
if (all || which.has("startup")) await runStartup();
process.exit(0);
