/**
 * Processes for the side-by-side benches: the compiled build, servers started as child processes
 * (each prints `listening on http://host:port`), and the load generators, installed when missing.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const TMP = join(ROOT, ".tmp");

const run = (command: string, args: string[], cwd = ROOT): boolean =>
  spawnSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] }).status === 0;

/**
 * The compiled mock: `npm run build` where the package has it (dist/src/cli.js); otherwise this
 * bench emits src/ itself with tsc into dist/ and links the files read at run time beside it.
 */
export const ensureBuild = (): string => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  if (scripts.build) {
    if (!run("npm", ["run", "build", "--silent"])) throw new Error("npm run build failed");
  } else {
    mkdirSync(TMP, { recursive: true });
    const config = join(TMP, "tsconfig.bench.json");
    writeFileSync(
      config,
      JSON.stringify({ extends: "../tsconfig.json", compilerOptions: { noEmit: false, outDir: "../dist", rootDir: ".." }, include: ["../src"], exclude: ["../src/**/*.test.ts"] }),
    );
    if (!run(join(ROOT, "node_modules/.bin/tsc"), ["-p", config])) throw new Error("tsc emit failed");
    for (const dir of ["spec", "fixtures"]) {
      if (!existsSync(join(ROOT, "dist", dir))) symlinkSync(join("..", dir), join(ROOT, "dist", dir));
    }
  }
  const cli = join(ROOT, "dist/src/cli.js");
  if (!existsSync(cli)) throw new Error(`the build has no ${cli}`);
  return cli;
};

export interface Server {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 right now. */
export const freePort = async (): Promise<number> => {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
};

/** Starts a server process and resolves with its URL once it prints `listening on <url>`. */
export const startServer = (name: string, command: string, args: string[], timeoutMs = 60_000): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/[^\s,]+)/i.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({ name, url, process: child, stop: () => stopProcess(child) });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${output}`));
    });
  });

export const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });

const onPath = (tool: string): boolean => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

let aptUpdated = false;
/** A Debian tool, installed with apt-get (update first) when missing; false if that is impossible. */
export const ensureDebianTool = (tool: string, debianPackage: string): boolean => {
  if (onPath(tool)) return true;
  if (!onPath("apt-get")) return false;
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !onPath("sudo")) return false;
  const apt = (...args: string[]) => (asRoot ? run("apt-get", args) : run("sudo", ["-n", "apt-get", ...args]));
  console.error(`installing ${debianPackage} for ${tool} ...`);
  if (!aptUpdated) aptUpdated = apt("update", "-qq");
  return apt("install", "-y", "-qq", debianPackage) && onPath(tool);
};

/** An npm package's CLI kept under .tmp/ (never in package.json), installed on first use. */
export const ensureNpmTool = (spec: string, bin: string): string | undefined => {
  const dir = join(TMP, bin);
  const path = join(dir, "node_modules/.bin", bin);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json"))) writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
  console.error(`installing ${spec} into ${dir} ...`);
  const ok = run("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--silent", spec], dir);
  return ok && existsSync(path) ? path : undefined;
};

export const commandOutput = (command: string, args: string[]): string => execFileSync(command, args, { cwd: ROOT, encoding: "utf8" });
