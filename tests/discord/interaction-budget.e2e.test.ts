import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COOLDOWN_COST } from "../../src/commands/cooldown.js";
import { type Harness, startHarness } from "../helpers/bot-harness.js";

interface CallbackBody {
  type: number;
  data: {
    flags?: number;
    content?: string;
    choices?: { name: string; value: string | number }[];
    components?: { components: { custom_id: string }[] }[];
  };
}

/** One question per minute per user: a user's suggestions and pages come out of the same budget. */
describe("the per-user budget covers autocomplete and buttons", () => {
  let harness: Harness;

  const reply = async (interaction: Record<string, unknown>): Promise<CallbackBody> => {
    harness.discord.deliver(interaction);
    const call = await harness.discord.waitFor(() => harness.discord.callbackFor(interaction.id as string));
    return call.body as CallbackBody;
  };

  beforeAll(async () => {
    harness = await startHarness("FAKE.TOKEN-budget_0123456789abcdef", {
      COOLDOWN_QUESTIONS: "1",
      COOLDOWN_SECONDS: "60",
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("answers a flood of autocompletes with no suggestions once the budget is spent", async () => {
    const user = { id: "888888888888888881" };
    for (let i = 0; i < COOLDOWN_COST.question; i += 1) {
      const body = await reply(harness.make.autocomplete("ask", "question", "pemimp", user));
      expect(body.type).toBe(8);
      expect(body.data.choices?.length).toBeGreaterThan(0);
    }
    const past = await reply(harness.make.autocomplete("ask", "question", "pemimp", user));
    expect(past).toMatchObject({ type: 8, data: { choices: [] } });
    // The budget is the one /ask draws on.
    const asked = await reply(
      harness.make.command("ask", [{ name: "question", type: 3, value: "Alibaba" }], user),
    );
    expect(asked.data).toMatchObject({ flags: 64, content: expect.stringMatching(/\d+ (detik|seconds)/) });
    // Someone else is not held up.
    const other = await reply(
      harness.make.autocomplete("ask", "question", "pemimp", { id: "888888888888888882" }),
    );
    expect(other.data.choices?.length).toBeGreaterThan(0);
  });

  it("counts each page turned as a quarter of a question", async () => {
    const asked = await reply(
      harness.make.command("ask", [{ name: "question", type: 3, value: "Double Eleven" }], {
        id: "888888888888888884",
      }),
    );
    const next = asked.data.components?.[0]?.components[1]?.custom_id ?? "";
    const user = { id: "888888888888888885" };
    const pages = COOLDOWN_COST.question / COOLDOWN_COST.page;
    for (let i = 0; i < pages; i += 1) {
      expect((await reply(harness.make.button(next, {}, user))).type).toBe(7);
    }
    const past = await reply(harness.make.button(next, {}, user));
    expect(past).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/\d+ (detik|seconds)/) },
    });
  });

  it("suggests from the first 300 characters of an oversized value, within Discord's limits", async () => {
    const body = await reply(
      harness.make.autocomplete("ask", "question", `pemimpin ${"a ".repeat(5_000)}`, {
        id: "888888888888888883",
      }),
    );
    expect(body.type).toBe(8);
    expect(body.data.choices?.length ?? 0).toBeLessThanOrEqual(25);
    for (const c of body.data.choices ?? []) expect(String(c.value).length).toBeLessThanOrEqual(100);
  });
});
