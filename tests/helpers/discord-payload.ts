import { expect } from "vitest";
import { DISCORD_LIMITS as LIMITS } from "../../src/interactions/limits.js";

/** The parts of an embed these checks read. */
interface SentEmbed {
  title?: string;
  author?: { name: string };
  description?: string;
  footer?: { text: string };
  fields?: readonly { name: string; value: string }[];
}

/** A message as the bot sends it: an interaction response's data or a channel message. */
export interface SentMessage {
  content?: string;
  embeds?: readonly SentEmbed[];
  components?: readonly { components: readonly { custom_id?: string; label?: string }[] }[];
}

/** Every string a reader sees: the content, and each embed's title, author, description, footer, fields. */
export function shownText(message: SentMessage): string[] {
  return [
    message.content ?? "",
    ...(message.embeds ?? []).flatMap((e) => [
      e.title ?? "",
      e.author?.name ?? "",
      e.description ?? "",
      e.footer?.text ?? "",
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

/** No text can form a live mention: `@` is always followed by a zero-width space, and `<` never opens one. */
export function expectNothingPings(message: SentMessage): void {
  for (const text of shownText(message)) {
    expect(text).not.toMatch(/@(?!\u200b)/);
    expect(text).not.toMatch(/<[@#]/);
  }
}

/** Within every limit Discord enforces on a message (see src/interactions/limits.ts). */
export function expectWithinDiscordLimits(message: SentMessage): void {
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.messageContent);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(embed.author?.name.length ?? 0).toBeLessThanOrEqual(LIMITS.embedAuthorName);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFooter);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.embedFieldName);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
    }
  }
  const total = embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0),
    0,
  );
  expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const row of message.components ?? []) {
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const button of row.components) {
      expect(button.custom_id?.length ?? 0).toBeLessThanOrEqual(LIMITS.customId);
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
    }
  }
}
