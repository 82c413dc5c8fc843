import { setTimeout as sleep } from "node:timers/promises";
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from "discord.js";
import { MAX_QUESTION_LENGTH, pageReply, type ReplyContext } from "../commands/ask.js";
import { decodePageButton, isAskButton } from "../commands/buttons.js";
import { COOLDOWN_COST, type Cooldown } from "../commands/cooldown.js";
import { type Command, commandSpec, runCommand } from "../commands/index.js";
import { suggestArticles } from "../commands/promises.js";
import type { CommandSpec, OptionReader } from "../commands/spec.js";
import { suggestPromiseNumbers, suggestQuestions } from "../commands/suggest.js";
import { langOf, messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { truncateAtWord } from "../text.js";
import { DISCORD_LIMITS } from "./limits.js";
import { renderNotice, renderReply } from "./render.js";

export interface InteractionDeps {
  library: Library;
  log: Logger;
  cooldown: Cooldown;
}

/** What one interaction's log line says beyond its id, kind and latency. */
interface Outcome {
  outcome:
    | "answered"
    | "maybe"
    | "not-answered"
    | "shown"
    | "cooldown"
    | "rejected"
    | "suggested"
    | "draining";
  passageId?: string | null;
  confidence?: number;
  level?: "info" | "warn";
}

/**
 * Reads options without throwing: Discord sends them typed, but a client with stale commands may
 * send an old shape. An option of the wrong type is treated as absent and noted in `ignored`.
 */
class LenientOptions implements OptionReader {
  readonly ignored: string[] = [];

  constructor(private readonly interaction: ChatInputCommandInteraction) {}

  string(name: string): string | undefined {
    return this.read(name, (v): v is string => typeof v === "string");
  }

  integer(name: string): number | undefined {
    return this.read(name, (v): v is number => typeof v === "number");
  }

  boolean(name: string): boolean | undefined {
    return this.read(name, (v): v is boolean => typeof v === "boolean");
  }

  private read<T>(name: string, isType: (value: unknown) => value is T): T | undefined {
    const value = this.interaction.options.get(name)?.value;
    if (value === undefined || value === null) return undefined;
    if (isType(value)) return value;
    this.ignored.push(name);
    return undefined;
  }
}

/** The command an interaction names, read by its spec; undefined for a command this version lacks. */
function parseCommand(name: string, options: LenientOptions): Command | undefined {
  return (commandSpec(name) as CommandSpec<Command> | undefined)?.read(options);
}

/** Public replies are read by the whole server, so they use its language; ephemeral ones the user's. */
function replyContext(locale: string, guildLocale: string | null, ephemeral: boolean): ReplyContext {
  return { lang: langOf(ephemeral ? locale : (guildLocale ?? locale)), ephemeral, userLang: langOf(locale) };
}

/**
 * Routes every interaction (slash commands, autocomplete, buttons) to the transport-neutral
 * commands, and answers each exactly once. It never throws: a failure is logged with the
 * interaction id and answered with a short notice carrying that id.
 */
export class InteractionRouter {
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: InteractionDeps) {}

  /** Called for each INTERACTION_CREATE; returns when the interaction is answered. */
  handle(interaction: Interaction): Promise<void> {
    const task = this.run(interaction).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    return task;
  }

  /** Stops taking new interactions and waits for those in flight (at most `timeoutMs`). */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    const deadline = performance.now() + timeoutMs;
    // Notices to interactions that arrive while draining are in flight too: wait until none is left.
    while (this.inFlight.size > 0 && performance.now() < deadline) {
      const stopWaiting = new AbortController();
      const timeout = sleep(deadline - performance.now(), undefined, { signal: stopWaiting.signal }).catch(
        () => {},
      );
      await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
      stopWaiting.abort();
    }
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private async run(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const kind = interaction.isChatInputCommand()
      ? interaction.commandName
      : interaction.isAutocomplete()
        ? "autocomplete"
        : interaction.isButton()
          ? "button"
          : `type-${interaction.type}`;
    const base = {
      interactionId: interaction.id,
      kind,
      userId: interaction.user.id,
      guildId: interaction.guildId,
    };
    try {
      const { level = "info", ...outcome } = await this.dispatch(interaction);
      const latencyMs = Number((performance.now() - started).toFixed(2));
      this.deps.log[level]({ event: "interaction", ...base, latencyMs, ...outcome });
    } catch (error) {
      this.deps.log.error({ event: "interaction_failed", ...base, err: error });
      await this.apologise(interaction);
    }
  }

  private async dispatch(interaction: Interaction): Promise<Outcome> {
    if (!this.accepting) {
      if (interaction.isAutocomplete()) await interaction.respond([]);
      else if (interaction.isRepliable())
        await interaction.reply(renderNotice(messages(langOf(interaction.locale)).shuttingDown));
      return { outcome: "draining", level: "warn" };
    }
    if (interaction.isChatInputCommand()) return this.command(interaction);
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (interaction.isButton()) return this.button(interaction);
    return { outcome: "rejected", level: "warn" };
  }

  private async command(interaction: ChatInputCommandInteraction): Promise<Outcome> {
    const { library, cooldown, log } = this.deps;
    const options = new LenientOptions(interaction);
    const context = replyContext(
      interaction.locale,
      interaction.guildLocale,
      options.boolean("private") ?? false,
    );
    const command = parseCommand(interaction.commandName, options);
    if (options.ignored.length > 0) {
      log.warn({ event: "options_ignored", interactionId: interaction.id, options: options.ignored });
    }
    if (!command) {
      await interaction.reply(
        renderNotice(messages(langOf(interaction.locale)).unknownCommand(interaction.commandName)),
      );
      return { outcome: "rejected", level: "warn" };
    }
    if (command.name === "ask") {
      const waitMs = cooldown.take(interaction.user.id);
      if (waitMs > 0) {
        await interaction.reply(
          renderNotice(messages(langOf(interaction.locale)).cooldown(Math.ceil(waitMs / 1000))),
        );
        return { outcome: "cooldown" };
      }
    }
    const result = runCommand(library, command, context);
    await interaction.reply(renderReply(result.reply));
    if (command.name !== "ask") return { outcome: "shown" };
    const outcome =
      result.tier === "answer" ? "answered" : result.tier === "maybe" ? "maybe" : "not-answered";
    return { outcome, passageId: result.passageId, confidence: Number((result.confidence ?? 0).toFixed(3)) };
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<Outcome> {
    // Autocomplete comes with every keystroke: past the user's budget, no suggestions (and no work).
    if (this.deps.cooldown.take(interaction.user.id, undefined, COOLDOWN_COST.suggestion) > 0) {
      await interaction.respond([]);
      return { outcome: "cooldown" };
    }
    const focused = interaction.options.getFocused(true);
    // Discord holds a submitted option to its `max_length`, but not the value being typed.
    const typed = String(focused.value).slice(0, MAX_QUESTION_LENGTH);
    const choices = this.choices(interaction.commandName, focused.name, typed, interaction);
    await interaction.respond(
      choices.slice(0, DISCORD_LIMITS.autocompleteChoices).map((c) => ({
        name: truncateAtWord(c.name, DISCORD_LIMITS.autocompleteChoiceLength),
        value:
          typeof c.value === "number"
            ? c.value
            : truncateAtWord(c.value, DISCORD_LIMITS.autocompleteChoiceLength),
      })),
    );
    return { outcome: "suggested" };
  }

  /** Choices of the type of the option being typed: `/promises number` is an integer option. */
  private choices(
    command: string,
    option: string,
    typed: string,
    interaction: AutocompleteInteraction,
  ): { name: string; value: string | number }[] {
    const { library } = this.deps;
    if (command === "promises" && option === "number") {
      const article = interaction.options.get("article")?.value;
      return suggestPromiseNumbers(library, typed, typeof article === "string" ? article : undefined);
    }
    if (option === "article") return suggestArticles(library, typed);
    if (command === "ask" && option === "question")
      return suggestQuestions(library, typed).map((s) => ({ name: s, value: s }));
    return [];
  }

  private async button(interaction: ButtonInteraction): Promise<Outcome> {
    const { library, cooldown } = this.deps;
    const t = messages(langOf(interaction.locale));
    const waitMs = cooldown.take(interaction.user.id, undefined, COOLDOWN_COST.page);
    if (waitMs > 0) {
      await interaction.reply(renderNotice(t.cooldown(Math.ceil(waitMs / 1000))));
      return { outcome: "cooldown" };
    }
    const decoded = isAskButton(interaction.customId)
      ? decodePageButton(library, interaction.customId)
      : ({ kind: "invalid", reason: "not an ask button" } as const);
    if (decoded.kind !== "page") {
      await interaction.reply(renderNotice(decoded.kind === "stale" ? t.staleButton : t.badButton));
      return { outcome: "rejected", level: "warn" };
    }
    const passageId = decoded.request.passageIds[decoded.request.page] ?? null;
    const { message } = interaction;
    const ephemeral = message.flags.has(MessageFlags.Ephemeral);
    // A public answer is edited for everyone: only the one who asked pages it. Anyone else sees
    // the page they asked for privately. (A private answer is only ever seen by its asker.)
    const askedBy = message.interactionMetadata?.user.id ?? message.interaction?.user.id;
    if (!ephemeral && askedBy !== interaction.user.id) {
      const reply = pageReply(
        library,
        decoded.request,
        replyContext(interaction.locale, interaction.guildLocale, true),
      );
      await interaction.reply(renderReply(reply));
      return { outcome: "shown", passageId };
    }
    const reply = pageReply(
      library,
      decoded.request,
      replyContext(interaction.locale, interaction.guildLocale, ephemeral),
    );
    const { flags: _ephemeralIsFixed, ...update } = renderReply(reply);
    await interaction.update(update);
    return { outcome: "shown", passageId };
  }

  private async apologise(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    const notice = renderNotice(messages(langOf(interaction.locale)).failed(interaction.id));
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
      else await interaction.reply(notice);
    } catch (error) {
      // The interaction may be gone (token expired, Discord down): logging is all that is left to do.
      this.deps.log.warn({ event: "apology_failed", interactionId: interaction.id, err: error });
    }
  }
}
