import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/bot-harness.js";

const TOKEN = "LOAD.fake-token_0123456789abcdef";
const USERS = 100;
const PER_USER = 5;
const COOLDOWN = 4; // each user's fifth question in the window gets the cooldown notice
const QUESTIONS = [
  "Kapan Double Eleven?",
  "Sekolah apa yang ingin dibangun Alibaba?",
  "brp defisit dagang?",
  "How many technology leaders?",
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

describe("a burst of 500 /ask from 100 users within a second", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(TOKEN, {
      COOLDOWN_QUESTIONS: String(COOLDOWN),
      COOLDOWN_SECONDS: "60",
      LOG_LEVEL: "warn",
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  // Only behaviour is asserted: how fast a busy machine answers is measured by a benchmark, not a test.
  it("answers every one exactly once, cooldown notices included", async () => {
    const sent: string[] = [];
    for (let round = 0; round < PER_USER; round += 1) {
      for (let user = 0; user < USERS; user += 1) {
        const interaction = h.make.command(
          "ask",
          [{ name: "question", type: 3, value: QUESTIONS[(user + round) % QUESTIONS.length] as string }],
          { id: `7000000000000${String(user).padStart(5, "0")}` },
        );
        sent.push(h.discord.deliver(interaction).id as string);
      }
    }
    const callbacks = (id: string) => h.discord.callbacksFor(id);
    let waiting = new Set(sent);
    await h.discord.waitFor(() => {
      waiting = new Set([...waiting].filter((id) => !h.discord.callbackFor(id)));
      return waiting.size === 0 || undefined;
    }, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // time for any duplicate to show up

    const latencies: number[] = [];
    let answers = 0;
    let cooldowns = 0;
    for (const id of sent) {
      const [first, ...more] = callbacks(id);
      expect(more).toHaveLength(0); // never answered twice
      const body = first?.body as { data: { embeds?: unknown[]; content?: string } };
      if (body.data.embeds) answers += 1;
      else if (/wait|again in|lagi dalam/i.test(body.data.content ?? "")) cooldowns += 1;
      latencies.push((first?.at ?? Number.NaN) - (h.discord.deliveredAt.get(id) ?? Number.NaN));
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.info(
      `burst: ${sent.length} interactions, ${answers} answers, ${cooldowns} cooldown notices; receipt to response p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`,
    );
    expect(answers).toBe(USERS * COOLDOWN);
    expect(cooldowns).toBe(USERS * (PER_USER - COOLDOWN));
    expect(h.entries().filter((e) => e.event === "interaction_failed")).toHaveLength(0);
  });
});
