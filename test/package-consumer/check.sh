#!/usr/bin/env bash
# Installs the packed zitadel-mock into a new project outside the repository, as a user would, and
# checks it there: the installed CLI (cli.spec.ts), the typed API under strict settings
# (tsc, mock.spec.ts; each entry also where no @types load by default, entry-points.ts), and
# `npx zitadel-mock contract` against `npx zitadel-mock`, pointed at it by
# `npx zitadel-mock contract --mock-env <url>`, and the shipped example of a team's own cases with `--cases`.
# usage: test/package-consumer/check.sh <reports dir>   (writes package-consumer.json, package-contract.json)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
reports="$(mkdir -p "$1" && cd "$1" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/zitadel-mock-consumer.XXXXXX")"

echo "-- pack (prepack builds dist/)"
(cd "$repo" && npm pack --pack-destination "$work" 2>&1 | grep -E 'total files|package size|unpacked size|\.tgz$')
tarball="$(ls "$work"/zitadel-mock-*.tgz)"

echo "-- a new project in $work/consumer, the tarball installed as a dev dependency"
mkdir "$work/consumer"
cp "$repo/test/package-consumer/"{package.json,tsconfig.json,tsconfig.types-default.json,entry-points.ts,mock.spec.ts,cli.spec.ts} "$work/consumer/"
cd "$work/consumer"
npm install --no-audit --no-fund --save-dev "$tarball" 2>&1 | grep -v '^npm warn install-scripts' || true

echo "-- tsc: strict, exactOptionalPropertyTypes, skipLibCheck false"
npx tsc -p tsconfig.json
echo "-- tsc: the same with no @types loaded by default, as TypeScript 6 and later"
npx tsc -p tsconfig.types-default.json

echo "-- vitest: the library in-process and the CLI"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/package-consumer.json"

echo "-- npx zitadel-mock contract against npx zitadel-mock"
npx zitadel-mock --port 0 --quiet > mock.log 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 150); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' mock.log | head -n 1 || true)
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || { cat mock.log; echo "the installed mock did not start"; exit 1; }
eval "$(npx zitadel-mock contract --mock-env "$url")"
[ "${CONTRACT_BASE_URL:-}" = "$url" ] || { echo "contract --mock-env printed no CONTRACT_BASE_URL"; exit 1; }
npx zitadel-mock contract --reporter=json --outputFile.json="$reports/package-contract.json"
ls reports/contract-junit.xml > /dev/null
echo "-- a team's own cases: the shipped example, run as the README shows"
mkdir -p contract
cp node_modules/zitadel-mock/docs/examples/team.contract.test.ts contract/billing.contract.test.ts
npx zitadel-mock contract --cases 'contract/**/*.contract.test.ts' --only-cases
kill -TERM "$mock_pid"
wait "$mock_pid" || true
rm -rf "$work"
