import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "zitadel-mock";

const isPackageRoot = (dir: string): boolean => {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
};

/**
 * The folder holding zitadel-mock's package.json: the repository when run from `src/` (tsx, vitest),
 * the installed package when run from `dist/src/` (node). Found by walking up from this module, so it
 * never depends on the caller's working directory.
 */
const findPackageRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isPackageRoot(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json of ${PACKAGE_NAME} above ${from}`);
  }
};

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A file shipped with the package (`spec/...`, `fixtures/default.json`), by its path from the package root. */
export const packageFile = (...segments: string[]): string => join(PACKAGE_ROOT, ...segments);
