import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness } from "../helpers/bot-harness.js";

const TOKEN = "RELIABILITY.fake-token_abcdef0123456789";

interface CallbackBody {
  type: number;
  data?: { content?: string; flags?: number; embeds?: unknown[] };
}

describe("a misbehaving Discord", () => {
  let h: Harness;
  const callbacksFor = (id: string) =>
    h.discord.calls.filter((c) => c.path.startsWith(`/api/v10/interactions/${id}/`));
  const ask = (question: string, user = "555555555555555555") =>
    h.make.command("ask", [{ name: "question", type: 3, value: question }], { id: user });

  beforeAll(async () => {
    h = await startHarness(TOKEN, { COOLDOWN_QUESTIONS: "1000" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("REST answering 500 for a while: discord.js retries and the reply arrives", async () => {
    h.discord.injectFault({ status: 500, times: 2, match: /\/callback$/ });
    const interaction = h.discord.deliver(ask("Kapan Double Eleven?"));
    await vi.waitFor(() => expect(h.discord.answered).toBeGreaterThan(0));
    await h.discord.waitFor(() => callbacksFor(interaction.id as string).length === 3 || undefined);
    const attempts = callbacksFor(interaction.id as string);
    expect(attempts).toHaveLength(3);
    expect((attempts[2]?.body as CallbackBody | undefined)?.data?.embeds).toHaveLength(1);
  });

  it("REST answering 429 with retry_after: the reply arrives after the wait", async () => {
    h.discord.injectFault({
      status: 429,
      times: 2,
      match: /\/callback$/,
      headers: { "retry-after": "0.2" },
      body: { message: "You are being rate limited.", retry_after: 0.2, global: false },
    });
    const interaction = h.discord.deliver(ask("Sekolah apa yang ingin dibangun Alibaba?"));
    await h.discord.waitFor(() => callbacksFor(interaction.id as string).length === 3 || undefined, 10_000);
    const [first, , last] = callbacksFor(interaction.id as string);
    expect((last?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(350); // two waits of 200 ms
    expect((last?.body as CallbackBody | undefined)?.data?.embeds).toHaveLength(1);
  });

  it("the gateway dropping the session: the bot resumes and answers the next interaction", async () => {
    const connections = h.discord.identifies.length + h.discord.resumes.length;
    h.discord.dropGateway(4000);
    await h.discord.waitFor(
      () =>
        h.discord.identifies.length + h.discord.resumes.length > connections && h.discord.connections === 1
          ? true
          : undefined,
      15_000,
    );
    const interaction = h.discord.deliver(ask("Berapa defisit neraca perdagangan Indonesia?"));
    const reply = await h.discord.waitFor(() => h.discord.callbackFor(interaction.id as string), 10_000);
    expect((reply.body as CallbackBody).data?.embeds).toHaveLength(1);
    expect(h.discord.resumes.length).toBeGreaterThan(0);
  });

  it("a callback that fails for good (token expired): logged with its id, no crash, no retry storm", async () => {
    const interaction = ask("Siapa Menteri Perindustrian?");
    h.discord.injectFault({
      status: 404,
      times: 100,
      match: new RegExp(`/interactions/${interaction.id as string}/`),
      body: { message: "Unknown interaction", code: 10062 },
    });
    h.discord.deliver(interaction);
    await vi.waitFor(() =>
      expect(
        h.entries().find((e) => e.event === "apology_failed" && e.interactionId === interaction.id),
      ).toBeDefined(),
    );
    expect(h.entries().find((e) => e.event === "interaction_failed")).toMatchObject({
      interactionId: interaction.id,
    });
    // One reply, one apology: 404 is not retried.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(callbacksFor(interaction.id as string)).toHaveLength(2);
    const next = h.discord.deliver(ask("Kapan Double Eleven?"));
    await h.discord.waitFor(() => h.discord.callbackFor(next.id as string));
  });

  it("never writes the token in a log line, an error or a reply", () => {
    expect(h.lines.join("\n")).not.toContain(TOKEN);
    for (const call of h.discord.calls) expect(JSON.stringify(call.body)).not.toContain(TOKEN);
    expect(h.lines.join("\n")).toContain("interaction_failed"); // errors were logged, and still no token
  });
});

describe("hostile interactions", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(TOKEN);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const reply = async (interaction: Record<string, unknown>): Promise<CallbackBody> => {
    h.discord.deliver(interaction);
    return (await h.discord.waitFor(() => h.discord.callbackFor(interaction.id as string)))
      .body as CallbackBody;
  };
  const warned = (event: string) =>
    h.entries().filter((e) => e.level === 40 && (e.event === event || e.outcome === event));

  it("a missing question gets a polite private prompt", async () => {
    const body = await reply(h.make.command("ask", [], { locale: "en-US" }));
    expect(body.data).toMatchObject({ flags: 64 });
    expect(JSON.stringify(body.data)).toMatch(/Write a question/);
  });

  it("options of the wrong type are ignored and logged at warn", async () => {
    const body = await reply(
      h.make.command("promises", [
        { name: "number", type: 3, value: "tiga" },
        { name: "private", type: 3, value: "yes" },
      ]),
    );
    expect(body.type).toBe(4);
    await vi.waitFor(() =>
      expect(warned("options_ignored").at(-1)).toMatchObject({ options: ["private", "number"] }),
    );
  });

  it("an interaction type the bot does not handle gets a private notice and is logged at warn", async () => {
    const modal: Record<string, unknown> = {
      ...h.make.command("ask"),
      type: 5,
      data: { custom_id: "x", components: [] },
    };
    const body = await reply(modal);
    expect(body.data).toMatchObject({
      flags: 64,
      content: expect.stringMatching(/this kind of interaction/),
    });
    await vi.waitFor(() => expect(warned("rejected").some((e) => e.interactionId === modal.id)).toBe(true));
  });

  it("a button from another command or a forged one gets a polite private notice", async () => {
    for (const id of ["promises:3", "ask:v:1", `ask:${"9".repeat(8)}:0:${"1.".repeat(20)}1`]) {
      const body = await reply(h.make.button(id));
      expect(body.data).toMatchObject({
        flags: 64,
        content: expect.stringMatching(/recognise|older version/),
      });
    }
  });

  it("gateway events without usable data (d: null, a string) are logged at warn and skipped", async () => {
    const events = ["MESSAGE_CREATE", "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "INTERACTION_CREATE"];
    for (const type of events) {
      h.discord.dispatchEvent(type, null);
      h.discord.dispatchEvent(type, "not an object");
    }
    // A server whose locale is not a string is a server without one.
    h.discord.dispatchEvent("GUILD_CREATE", { id: "777777777777777777", preferred_locale: 7 });
    await vi.waitFor(() => expect(warned("gateway_event_invalid")).toHaveLength(events.length * 2));
    expect(warned("gateway_event_invalid").map((e) => e.type)).toEqual(events.flatMap((t) => [t, t]));
  });

  it("keeps running: the next question is answered", async () => {
    const body = await reply(
      h.make.command("ask", [{ name: "question", type: 3, value: "Kapan Double Eleven?" }]),
    );
    expect(body.data?.embeds).toHaveLength(1);
  });
});
