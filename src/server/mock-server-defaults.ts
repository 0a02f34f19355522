import { packageFile } from "../package-root.js";

/**
 * The mock server's defaults, apart from mock-server.ts so that the CLI reads its flags (and starts
 * a large fixture's worker thread) before the server's modules load (decision 039).
 */
export const DEFAULT_FIXTURES = packageFile("fixtures", "default.json");
export const DEFAULT_SPEC = packageFile("spec", "management.openapi.yaml");
/** ZITADEL's default port. */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";
/** How long a graceful stop lets in-flight calls finish before it closes their connections. */
export const DEFAULT_GRACE_MS = 5_000;
