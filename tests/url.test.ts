import { describe, expect, it } from "vitest";
import { linkableUrl, urlProblem } from "../src/url.js";

describe("linkable URLs", () => {
  it("are http(s) addresses with nothing that can end or split a Markdown link", () => {
    expect(linkableUrl("https://www.idntimes.com/news/a-b?x=1#y")).toBe(
      "https://www.idntimes.com/news/a-b?x=1#y",
    );
    expect(urlProblem("javascript:alert(1)")).toBe("not-http");
    expect(urlProblem("https:example.org")).toBe("not-http");
    expect(urlProblem("https://example.org/a)[x](https://evil.example")).toBe("breaks-link");
    expect(urlProblem("https://example.org/a\\")).toBe("breaks-link");
    expect(urlProblem("https://example.org/a b")).toBe("breaks-link");
    expect(linkableUrl(undefined)).toBeUndefined();
    // `$'` is kept as written: it is never a replacement pattern.
    expect(linkableUrl("https://example.org/$'")).toBe("https://example.org/$'");
  });
});
