import { describe, expect, it } from "vitest";
import { BoundedCache } from "../src/bounded-cache.js";

describe("BoundedCache", () => {
  it("gives back what was set, and nothing for what was not", () => {
    const cache = new BoundedCache<string, number>(10);
    cache.set("a", 1);
    expect(cache.get("a")).toBe(1);
    expect(cache.get("b")).toBeUndefined();
  });

  it("never holds more than its limit, however many keys pass through", () => {
    const cache = new BoundedCache<number, number>(100);
    for (let i = 0; i < 10_000; i++) {
      cache.set(i, i);
      cache.get(i - 7);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
  });

  it("keeps an entry that is used while others come and go, and forgets one that is not", () => {
    const cache = new BoundedCache<string, number>(10);
    cache.set("kept", 1);
    cache.set("forgotten", 2);
    for (let i = 0; i < 100; i++) {
      cache.set(`k${i}`, i);
      expect(cache.get("kept")).toBe(1);
    }
    expect(cache.get("forgotten")).toBeUndefined();
  });

  it("keeps the last limit/2 insertions", () => {
    const cache = new BoundedCache<number, number>(10);
    for (let i = 0; i < 50; i++) cache.set(i, i);
    for (let i = 45; i < 50; i++) expect(cache.get(i)).toBe(i);
  });
});
