import { describe, expect, it } from "vitest";
import { linkableUrl, urlForDisplay, urlProblem } from "../src/url.js";

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

describe("urlForDisplay", () => {
  const TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";

  it("drops the user name, the password, the query and the fragment, which can hold secrets", () => {
    expect(urlForDisplay(`https://bot:hunter2@proxy.example:8443/api/v10?token=${TOKEN}&x=1#frag`)).toBe(
      "https://proxy.example:8443/api/v10?…",
    );
    expect(urlForDisplay("https://proxy.example/api#access_token=abc")).toBe("https://proxy.example/api#…");
    expect(urlForDisplay("http://127.0.0.1:9/api/")).toBe("http://127.0.0.1:9/api/");
  });

  it("does the same for what is not a valid URL, as written", () => {
    expect(urlForDisplay("htps://admin:s3cret@proxy.example/api?key=abc")).toBe("htps://proxy.example/api?…");
    expect(urlForDisplay("admin:s3cret@proxy.example/api")).toBe("proxy.example/api");
    expect(urlForDisplay("discord")).toBe("discord");
  });

  it("drops the whole user name and password, whatever they hold: '/', '\\', '@', no scheme's slashes", () => {
    // Everything between the scheme and the last `@` is taken for them: a password may hold any of these.
    expect(urlForDisplay("https://user:pa/ss@host.example/api")).toBe("https://host.example/api");
    expect(urlForDisplay("https://user:p@ss/w@host.example/api")).toBe("https://host.example/api");
    expect(urlForDisplay("https://user:pa\\ss@host.example/api")).toBe("https://host.example/api");
    expect(urlForDisplay("https:user:pw@host.example/api")).toBe("https:host.example/api");
    expect(urlForDisplay("https:/\\user:pw@host.example/api")).toBe("https:/\\host.example/api");
  });

  it("shows only the scheme when an '@' comes after a '?' or '#': the password may run past them", () => {
    expect(urlForDisplay("https://user:pa?ss@host.example/api")).toBe("https://…");
    expect(urlForDisplay("https://user:pa#ss@host.example/api")).toBe("https://…");
    // Or the query holds the '@', and what follows it is the query's: hidden all the same.
    expect(urlForDisplay("https://host.example/api?key=abc@secret")).toBe("https://…");
  });

  it("hides a token-shaped part wherever it is: path, host, in place of the scheme", () => {
    expect(urlForDisplay(`https://proxy.example/${TOKEN}/api`)).toBe(
      "https://proxy.example/[bot token hidden]/api",
    );
    expect(urlForDisplay(`https://${TOKEN}.example/`)).toBe("https://[bot token hidden].example/");
    expect(urlForDisplay(`${TOKEN}//proxy.example/a`)).toBe("[bot token hidden]//proxy.example/a");
    expect(urlForDisplay(`https://a.example/${TOKEN}/${TOKEN}`)).toBe(
      "https://a.example/[bot token hidden]/[bot token hidden]",
    );
  });

  it("hides a token before capping, so no part of it is shown", () => {
    const shown = urlForDisplay(`https://a.example/${"b".repeat(170)}/${TOKEN}`);
    expect(shown).not.toContain(TOKEN.slice(0, 10));
  });

  it("escapes control characters and caps the length", () => {
    expect(urlForDisplay("https://x.example/\u001b[2J\u202e")).toBe("https://x.example/\\u001b[2J\\u202e");
    const shown = urlForDisplay(`https://x.example/${"a".repeat(10_000)}`);
    expect(shown.length).toBeLessThanOrEqual(201);
    expect(shown.endsWith("…")).toBe(true);
  });
});
