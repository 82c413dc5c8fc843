import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ask } from "../../src/commands/ask.js";
import type { Reply } from "../../src/commands/reply.js";
import { renderReply } from "../../src/interactions/render.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { expectNothingPings, expectWithinDiscordLimits } from "../helpers/discord-payload.js";

const library = await loadLibrary(DEFAULT_CORPUS_DIR);
const corpusTexts = new Set(library.articles.flatMap((a) => a.passages.map((p) => p.text)));

/** Everything Discord would reject or that would ping someone, checked on the payload the bot sends. */
function expectSafePayload(reply: Reply): void {
  const payload = renderReply(reply);
  expect(payload.allowed_mentions).toEqual({ parse: [] });
  expectNothingPings(payload);
  expectWithinDiscordLimits(payload);
}

function expectWellFormedAnswer(question: string): void {
  const answer = library.kb.ask(question, 5);
  expect(typeof answer.answered).toBe("boolean");
  expect(answer.results.length).toBeLessThanOrEqual(5);
  expect(answer.coverage).toBeGreaterThanOrEqual(0);
  expect(answer.coverage).toBeLessThanOrEqual(1);
  for (const hit of answer.results) {
    expect(corpusTexts.has(hit.passage.text)).toBe(true);
    expect(Number.isFinite(hit.score)).toBe(true);
  }
  if (answer.answered) expect(answer.results.length).toBeGreaterThan(0);
}

const NAMED: [string, string][] = [
  ["empty", ""],
  ["whitespace", " \t\n  "],
  ["over 300 characters", `Berapa pemimpin teknologi ${"yang ".repeat(100)}?`],
  ["a megabyte", "Jack Ma ".repeat(130_000)],
  ["only punctuation", "?!.,;:…—()[]{}"],
  ["only emoji", "🎉🔥🤖👍🏽👨‍👩‍👧"],
  ["mixed scripts", "Jack Ma 马云 جاك ما Джек Ма 잭 마"],
  ["zero-width and RTL controls", "Jack\u200b Ma\u200d \u202eamirp\u202c \u2066Alibaba\u2069"],
  [
    "markdown and code fences",
    "**Alibaba** _sekolah_ ~~x~~ `code` ```js\nalert(1)\n``` > quote || spoiler ||",
  ],
  ["mentions", "@everyone @here <@123456789012345678> <@&123456789012345678> <#123456789012345678> Alibaba?"],
  ["script-like text", "<script>alert('x')</script> <img src=x onerror=alert(1)> sekolah"],
  ["a very long single token", `Alibaba${"a".repeat(5_000)}`],
  ["NUL bytes", "Jack\u0000Ma\u0000 sekolah\u0000"],
];

describe("hostile questions", () => {
  it.each(NAMED)("%s: a well-formed answer and a payload within every limit", (_, question) => {
    expectWellFormedAnswer(question);
    for (const lang of ["id", "en"] as const) {
      for (const ephemeral of [false, true])
        expectSafePayload(ask(library, question, { lang, ephemeral }).reply);
    }
  });

  it("a question that is only mentions pings nobody", () => {
    const { reply } = ask(library, "@everyone @here", { lang: "en", ephemeral: false });
    expect(reply.question).toBe("@everyone @here");
    expectSafePayload(reply);
  });

  it("any string: a well-formed answer and a safe payload (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (question) => {
        expectWellFormedAnswer(question);
        expectSafePayload(ask(library, question, { lang: "en", ephemeral: false }).reply);
      }),
      { numRuns: 300 },
    );
  });

  it("any mix of article words, noise and markup: the same invariants (property)", () => {
    const words = [
      "Jack",
      "Ma",
      "Alibaba",
      "sekolah",
      "@everyone",
      "**",
      "`",
      "<@1>",
      "seribu",
      "yg",
      "brp",
      "🎉",
      "\u202e",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 60 }), (parts) => {
        const question = parts.join(" ");
        expectWellFormedAnswer(question);
        expectSafePayload(ask(library, question, { lang: "id", ephemeral: true }).reply);
      }),
      { numRuns: 300 },
    );
  });
});
