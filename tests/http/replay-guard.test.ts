import { describe, expect, it } from "vitest";
import { ReplayGuard } from "../../src/http/replay-guard.js";
import { MAX_TIMESTAMP_SKEW_MS } from "../../src/http/signature.js";
import { NOW_MS } from "./discord-signing.js";

function guard(capacity = 10) {
  const clock = { now: NOW_MS };
  return { clock, replays: new ReplayGuard({ capacity, now: () => clock.now }) };
}

describe("ReplayGuard", () => {
  it("lets an id through once, then calls every copy a replay", () => {
    const { replays } = guard();
    expect(replays.check("1", NOW_MS)).toBe("first");
    expect(replays.check("1", NOW_MS)).toBe("replayed");
    expect(replays.check("1", NOW_MS)).toBe("replayed");
    expect(replays.check("2", NOW_MS)).toBe("first");
  });

  it("remembers an id for as long as a signed copy passes the timestamp check, and forgets it after", () => {
    const { clock, replays } = guard();
    replays.check("1", NOW_MS);
    // The signature check accepts a timestamp up to MAX_TIMESTAMP_SKEW_MS old, this last millisecond included.
    clock.now = NOW_MS + MAX_TIMESTAMP_SKEW_MS;
    expect(replays.check("1", NOW_MS)).toBe("replayed");
    clock.now += 1;
    replays.check("2", clock.now);
    expect(replays.size).toBe(1);
  });

  it("keeps an id signed in the future (accepted within the skew) until its own window ends", () => {
    const { clock, replays } = guard();
    const ahead = NOW_MS + MAX_TIMESTAMP_SKEW_MS;
    replays.check("ahead", ahead);
    replays.check("now", NOW_MS);
    clock.now = NOW_MS + MAX_TIMESTAMP_SKEW_MS + 1;
    expect(replays.check("ahead", ahead)).toBe("replayed");
    expect(replays.size).toBe(1);
    clock.now = ahead + MAX_TIMESTAMP_SKEW_MS + 1;
    expect(replays.check("other", clock.now)).toBe("first");
    expect(replays.size).toBe(1);
  });

  it("when full, refuses a new id rather than forget one still inside its window", () => {
    const { clock, replays } = guard(3);
    for (const id of ["1", "2", "3"]) expect(replays.check(id, NOW_MS + Number(id) * 1000)).toBe("first");
    expect(replays.check("4", NOW_MS)).toBe("full");
    for (const id of ["1", "2", "3"]) expect(replays.check(id, NOW_MS + Number(id) * 1000)).toBe("replayed");
    // Once the first id's window is over, exactly its place is free again.
    clock.now = NOW_MS + 1000 + MAX_TIMESTAMP_SKEW_MS + 1;
    expect(replays.check("4", clock.now)).toBe("first");
    expect(replays.check("5", clock.now)).toBe("full");
    expect(replays.check("2", NOW_MS + 2000)).toBe("replayed");
  });

  it("frees all its memory once every window is over", () => {
    const { clock, replays } = guard(1_000);
    for (let i = 0; i < 1_000; i++) replays.check(String(i), NOW_MS - (i % 300) * 1000);
    expect(replays.size).toBe(1_000);
    clock.now = NOW_MS + MAX_TIMESTAMP_SKEW_MS + 1;
    expect(replays.check("new", clock.now)).toBe("first");
    expect(replays.size).toBe(1);
  });
});
