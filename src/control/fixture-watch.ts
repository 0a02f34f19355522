import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import { FixtureError, loadFixtureSeed } from "../fixtures/load-fixture.js";
import type { ControlPlane } from "./control-plane.js";

/** Editors save in bursts (truncate, write, rename): one reload after the file is quiet this long. */
const SETTLE_MS = 100;

/**
 * `--watch`: when the fixture file changes it is reloaded (read as at start, decision 032), becomes
 * what reset restores and the state now. An invalid file is reported with the loader's message and the running state is kept. The
 * directory is watched, so an editor that replaces the file by renaming is followed too.
 */
export const watchFixture = (path: string, plane: ControlPlane, log: { info(line: string): void; error(line: string): void }): FSWatcher => {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    try {
      plane.replaceSeed(loadFixtureSeed(path));
      log.info(`fixture ${path} reloaded`);
    } catch (error) {
      if (!(error instanceof FixtureError)) throw error;
      log.error(`${error.message} (the running state is kept)`);
    }
  };
  const watcher = watch(dirname(path), (_event, file) => {
    if (file !== null && file !== basename(path)) return;
    clearTimeout(timer);
    timer = setTimeout(reload, SETTLE_MS);
  });
  watcher.on("close", () => clearTimeout(timer));
  return watcher;
};
