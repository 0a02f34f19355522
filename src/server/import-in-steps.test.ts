import { describe, expect, it } from "vitest";
import { importInSteps, requireInSteps, yieldToEventLoop } from "./import-in-steps.js";

describe("importInSteps (decision 043)", () => {
  it("runs the steps in order, with a turn of the event loop before each: I/O and timers due meanwhile are served between them", async () => {
    const seen: string[] = [];
    const step = (name: string) => async () => {
      seen.push(name);
      // Due at once: served before the next step, not after the last.
      setImmediate(() => seen.push(`turn after ${name}`));
    };
    await importInSteps([step("a"), step("b"), step("c")]);
    expect(seen).toEqual(["a", "turn after a", "b", "turn after b", "c", "turn after c"]);
  });

  it("skips a step that fails and goes on with the next", async () => {
    const seen: string[] = [];
    await importInSteps([
      () => import("./no-such-module.js" as string),
      async () => {
        seen.push("next");
      },
    ]);
    expect(seen).toEqual(["next"]);
  });
});

describe("requireInSteps", () => {
  it("gives what require gives: the package's own module", async () => {
    const express = await requireInSteps("express", import.meta.url);
    expect(typeof express).toBe("function");
    expect(express).toBe((await import("express")).default);
  });

  it("leaves the event loop turns while the package's dependencies load", async () => {
    let turns = 0;
    let counting = true;
    const count = (): void => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await requireInSteps("openapi-backend", import.meta.url);
    counting = false;
    await yieldToEventLoop();
    // openapi-backend has ten direct dependencies: a turn before each, and around its own require.
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
