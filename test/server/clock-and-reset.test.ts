/**
 * Snapshot tests with a stepping clock: after `reset()` the clock stands where it stood once the seed
 * was stamped, so a test sees the same dates whatever ran before it.
 */
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { createMockServer, steppingClock } from "../../src/index.js";

const mock = await createMockServer({ clock: steppingClock(new Date("2025-01-01T00:00:00Z"), 1000) });
afterAll(() => mock.stop());

const setTheme = () =>
  request(mock.app).post("/management/v1/metadata/theme").set("Authorization", "Bearer acme-owner-token").send({ value: "ZGFyaw==" }).expect(200);

describe("a stepping clock and reset", () => {
  it("stamps the first write after a reset as the first write after the start", async () => {
    const first = await setTheme();
    await setTheme();
    await setTheme();
    mock.reset();
    const again = await setTheme();
    expect(first.body.details.creationDate).toBe("2025-01-01T00:00:01Z");
    expect(again.body.details).toEqual(first.body.details);
  });
});
