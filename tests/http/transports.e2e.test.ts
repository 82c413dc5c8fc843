import type { APIInteractionResponse } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Cooldown } from "../../src/commands/cooldown.js";
import { loadConfig } from "../../src/config.js";
import { type RunningBot, startBot } from "../../src/discord/bot.js";
import { type InteractionServer, startInteractionServer } from "../../src/http/server.js";
import { InteractionCore } from "../../src/interactions/core.js";
import { type Library, loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "../helpers/capture-log.js";
import { FakeDiscord, InteractionFactory } from "../helpers/fake-discord.js";
import { generateDiscordKeys, send, signatureHeaders } from "./discord-signing.js";

const TOKEN = "TRANSPORTS.token-for-tests_0123456789abcdef";
const ASKER = "666666666666666601";
const OTHER = "666666666666666602";

/** What the assertions read of a response; the comparison between transports is on the whole body. */
interface ResponseBody {
  type: number;
  data?: {
    content?: string;
    flags?: number;
    allowed_mentions?: { parse: string[] };
    embeds?: { title?: string; description?: string; footer?: { text: string } }[];
    components?: { type: number; components: { custom_id: string; disabled?: boolean }[] }[];
    choices?: { name: string; value: string | number }[];
  };
}

type Payload = Record<string, unknown>;

const question = (value: string) => ({ name: "question", type: 3, value });

describe("the gateway bot and the HTTP endpoint answer alike", () => {
  const discord = new FakeDiscord(TOKEN);
  const make = new InteractionFactory(discord);
  const keys = generateDiscordKeys();
  const gatewayLog = captureLogger();
  const httpLog = captureLogger();
  let bot: RunningBot;
  let server: InteractionServer;
  let library: Library;

  beforeAll(async () => {
    await discord.start();
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: "111111111111111111",
      DISCORD_API_URL: discord.apiUrl,
      COOLDOWN_QUESTIONS: "1000",
      COOLDOWN_SECONDS: "60",
    });
    library = await loadLibrary(DEFAULT_CORPUS_DIR);
    bot = await startBot({ config, library, log: gatewayLog.log });
    // As src/endpoint.ts wires it: a core of its own (its own cooldown), answered in the HTTP response.
    const core = new InteractionCore({
      library,
      log: httpLog.log,
      cooldown: new Cooldown(config.cooldown.limit, config.cooldown.windowMs),
    });
    server = await startInteractionServer({
      port: 0,
      host: "127.0.0.1",
      publicKey: keys.publicKeyHex,
      log: httpLog.log,
      handle: (interaction) =>
        new Promise<APIInteractionResponse>((resolve) => {
          void core.handle(interaction, async (response) => resolve(response));
        }),
    });
  });

  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await discord.stop();
  });

  /** The same payload through both transports: the gateway's callback body and the endpoint's response body. */
  const both = async (payload: Payload): Promise<{ gateway: ResponseBody; http: ResponseBody }> => {
    discord.deliver(payload);
    const call = await discord.waitFor(() => discord.callbackFor(payload.id as string));
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const reply = await send(server.url, {
      headers: { "content-type": "application/json", ...signatureHeaders(keys, body, timestamp) },
      body,
    });
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/json");
    return { gateway: call.body as ResponseBody, http: JSON.parse(reply.body) as ResponseBody };
  };

  /** Both transports' answer, after checking they are the same. */
  const alike = async (payload: Payload): Promise<ResponseBody> => {
    const { gateway, http } = await both(payload);
    expect(http).toEqual(gateway);
    return http;
  };

  it("/ask in the server's language (id), publicly", async () => {
    const body = await alike(
      make.command("ask", [question("Berapa pemimpin teknologi yang ingin dicetak?")], {
        id: ASKER,
        locale: "en-US",
        guildLocale: "id",
      }),
    );
    expect(body.type).toBe(4);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds).toHaveLength(1);
    expect(body.data?.embeds?.[0]?.title).toMatch(/^(?:Jawaban dari artikel|Mungkin ini jawabannya)$/);
    expect(body.data?.embeds?.[0]?.description).toContain("**pemimpin**");
  });

  it("/ask privately, in the user's language (en-US)", async () => {
    const body = await alike(
      make.command(
        "ask",
        [
          question("Berapa pemimpin teknologi yang ingin dicetak?"),
          { name: "private", type: 5, value: true },
        ],
        { id: ASKER, locale: "en-US", guildLocale: "id" },
      ),
    );
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds).toHaveLength(1);
    expect(body.data?.embeds?.[0]?.title).toMatch(/^(?:Answer from the article|Possibly the answer)$/);
  });

  it("/promises and /promises number:3", async () => {
    const list = await alike(make.command("promises", [], { guildLocale: "en-US" }));
    expect(list.type).toBe(4);
    expect(list.data?.embeds).toHaveLength(1);
    const one = await alike(
      make.command("promises", [{ name: "number", type: 4, value: 3 }], { guildLocale: "en-US" }),
    );
    expect(one.type).toBe(4);
    expect(one.data?.embeds).toHaveLength(1);
    expect(one.data?.embeds?.[0]?.title).toBe(
      "Promise 3: Alibaba ingin membangun sekolah berbasis teknologi di Indonesia",
    );
  });

  it("/help", async () => {
    const help = await alike(make.command("help", [], { guildLocale: "id" }));
    expect(help.type).toBe(4);
    expect(help.data?.embeds).toHaveLength(1);
    expect(help.data?.embeds?.[0]?.title).toBe("Cara memakai tanya-artikel");
  });

  it("the next-page button of an /ask answer: an update for its asker, a private page for anyone else", async () => {
    const answer = await alike(make.command("ask", [question("Double Eleven")], { id: ASKER }));
    const next = answer.data?.components?.[0]?.components[1];
    expect(next?.custom_id).toMatch(/^ask:/);
    expect(next?.disabled).toBe(false);
    const customId = next?.custom_id ?? "";

    const own = await alike(make.button(customId, { askedBy: ASKER }, { id: ASKER }));
    expect(own.type).toBe(7);
    expect(own.data?.flags).toBeUndefined();
    expect(own.data?.embeds).toHaveLength(1);
    expect(own.data?.embeds?.[0]?.footer?.text).toMatch(/^Hasil 2 dari \d+$/);

    const other = await alike(make.button(customId, { askedBy: ASKER }, { id: OTHER, locale: "en-US" }));
    expect(other.type).toBe(4);
    expect(other.data?.flags).toBe(64);
    expect(other.data?.embeds?.[0]?.footer?.text).toMatch(/^Match 2 of \d+$/);
  });

  it("autocomplete on /ask question and /promises number", async () => {
    const questions = await alike(make.autocomplete("ask", "question", "jack"));
    expect(questions.type).toBe(8);
    expect(questions.data?.choices?.length).toBeGreaterThan(0);
    expect(questions.data?.choices?.some((c) => /jack/i.test(c.name))).toBe(true);

    const numbers = await alike(make.autocomplete("promises", "number", "3", {}, 4));
    expect(numbers.type).toBe(8);
    expect(numbers.data?.choices).toEqual([
      { name: "3. Alibaba ingin membangun sekolah berbasis teknologi di Indonesia", value: 3 },
    ]);
  });

  it("a forged button", async () => {
    const body = await alike(make.button("ask:zzzzzzzz:1:1.2"));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.content).toMatch(/older version|don't recognise/);
  });

  it("a hostile question: no mention pings, no markdown injected", async () => {
    const body = await alike(make.command("ask", [question("@everyone <@123> **x**")], { id: OTHER }));
    expect(body.type).toBe(4);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toContain("**x**");
  });

  it("both transports write the same log line for an interaction", async () => {
    const payload = make.command("ask", [question("Berapa pemimpin teknologi yang ingin dicetak?")], {
      id: ASKER,
    });
    await alike(payload);
    const lineOf = (entries: () => Record<string, unknown>[]) =>
      entries().find((e) => e.event === "interaction" && e.interactionId === payload.id);
    // The gateway's line follows the REST callback, so it may land a moment after the fake saw it.
    const gateway = await vi.waitFor(() => {
      const line = lineOf(gatewayLog.entries);
      expect(line).toBeDefined();
      return line as Record<string, unknown>;
    });
    const http = lineOf(httpLog.entries);
    expect(http).toBeDefined();
    expect(Object.keys(http ?? {}).sort()).toEqual(Object.keys(gateway).sort());
    expect(gateway).toMatchObject({
      level: 30,
      kind: "ask",
      userId: ASKER,
      outcome: expect.stringMatching(/^(?:answered|maybe)$/),
      passageId: expect.stringMatching(/^jack-ma-5-janji:/),
    });
    const { time: _t1, latencyMs: _l1, ...gatewaySame } = gateway;
    const { time: _t2, latencyMs: _l2, ...httpSame } = http ?? {};
    expect(httpSame).toEqual(gatewaySame);
    // Neither transport answered anything with its apology.
    for (const entries of [gatewayLog.entries(), httpLog.entries()])
      expect(entries.filter((e) => e.event === "interaction_failed")).toEqual([]);
  });
});
