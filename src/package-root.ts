import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "zitadel-mock";

interface PackageManifest {
  name?: unknown;
  version?: unknown;
}

/** The package.json in `dir`, when it is zitadel-mock's. */
const manifestIn = (dir: string): PackageManifest | undefined => {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, "utf8")) as PackageManifest;
  return manifest.name === PACKAGE_NAME ? manifest : undefined;
};

/**
 * The folder holding zitadel-mock's package.json, and that file's content: the repository when run from
 * `src/` (tsx, vitest), the installed package when run from `dist/src/` (node). Found by walking up from
 * this module, so it never depends on the caller's working directory. The manifest is read here once.
 */
const findPackageRoot = (from: string): { dir: string; manifest: PackageManifest } => {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = manifestIn(dir);
    if (manifest) return { dir, manifest };
    if (dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json of ${PACKAGE_NAME} above ${from}`);
  }
};

const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_ROOT = packageRoot.dir;

/** The package's version, from its package.json (`zitadel-mock --version`). */
export const PACKAGE_VERSION = String(packageRoot.manifest.version);

/** A file shipped with the package (`spec/...`, `fixtures/default.json`), by its path from the package root. */
export const packageFile = (...segments: string[]): string => join(PACKAGE_ROOT, ...segments);
