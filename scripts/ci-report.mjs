#!/usr/bin/env node
// Helpers for .ci/run:
//   totals <vitest-json>...              prints "N passed, N failed" summed over vitest JSON reports;
//                                        exits 1 when nothing ran or anything failed
//   compare-junit <a.xml> <b.xml>        exits 1 unless both JUnit files list the same test cases
//   only-transport-skips <summary.md>... exits 1 when a contract summary lists a case skipped for any
//                                        other reason than running over the other transport
import { readFileSync } from "node:fs";

const [command, ...files] = process.argv.slice(2);

const caseNames = (file) =>
  [...readFileSync(file, "utf8").matchAll(/<testcase\b[^>]*?\bclassname="([^"]*)"[^>]*?\bname="([^"]*)"/g)]
    .map(([, classname, name]) => `${classname} > ${name}`)
    .sort();

if (command === "totals") {
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(passed === 0 || failed > 0 ? 1 : 0);
} else if (command === "compare-junit") {
  const [a, b] = files.map(caseNames);
  const onlyA = a.filter((n) => !b.includes(n));
  const onlyB = b.filter((n) => !a.includes(n));
  if (a.length === 0 || onlyA.length || onlyB.length) {
    console.error(`JUnit cases differ (${a.length} vs ${b.length})`);
    for (const n of onlyA) console.error(`  only in ${files[0]}: ${n}`);
    for (const n of onlyB) console.error(`  only in ${files[1]}: ${n}`);
    process.exit(1);
  }
  console.log(`${a.length} contract cases, the same on both targets`);
} else if (command === "only-transport-skips") {
  let bad = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    if (!/^# Contract suite: PASS/m.test(text)) {
      console.error(`${file}: not a passing contract run`);
      bad += 1;
    }
    const skipped = (text.split("\n## Skipped cases\n")[1] ?? "").split("\n## ")[0].split("\n").filter((line) => line.startsWith("- "));
    const other = skipped.filter((line) => !/ — (REST|gRPC) only: runs with CONTRACT_TRANSPORT=/.test(line));
    for (const line of other) console.error(`${file}: skipped: ${line.slice(2)}`);
    bad += other.length;
    console.log(`${file}: ${skipped.length} skipped, all for the other transport`);
  }
  process.exit(bad === 0 ? 0 : 1);
} else {
  console.error("usage: ci-report.mjs totals <vitest-json>... | compare-junit <a.xml> <b.xml> | only-transport-skips <summary.md>...");
  process.exit(2);
}
