import { DiscordAPIError, REST } from "@discordjs/rest";
import { WebSocketManager, WebSocketShardEvents } from "@discordjs/ws";
import {
  type APIInteractionResponse,
  GatewayDispatchEvents,
  GatewayIntentBits,
  Routes,
} from "discord-api-types/v10";
import { Cooldown } from "../commands/cooldown.js";
import type { FeedbackSink } from "../commands/rating.js";
import { type Config, InvalidTokenError } from "../config.js";
import { isRecord } from "../guards.js";
import { type AnswerableInteraction, InteractionCore } from "../interactions/core.js";
import { MentionResponder } from "../interactions/mention.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { DiscordUnreachableError, reachDiscord } from "./unreachable.js";

/** How long shutdown waits for interactions in flight before it closes the connection anyway. */
export const DRAIN_TIMEOUT_MS = 5_000;

export interface RunningBot {
  core: InteractionCore;
  /** Answers what is in flight or still arrives (within DRAIN_TIMEOUT_MS), then disconnects. */
  stop(): Promise<void>;
}

/** The shards one process runs: all of a bot's shards, or those discord.js's ShardingManager gave it. */
export interface ShardPlan {
  shardIds: number[];
  shardCount: number;
  /** Run by `npm run start:sharded`: the manager waits for this process's messages. */
  managed: boolean;
}

/**
 * The shards to run, from what discord.js's ShardingManager puts in a shard process's environment
 * (`SHARDING_MANAGER`, `SHARDS` as JSON, `SHARD_COUNT`); one shard of one otherwise.
 */
export function shardPlan(env: Readonly<Record<string, string | undefined>>): ShardPlan {
  if (!env.SHARDING_MANAGER) return { shardIds: [0], shardCount: 1, managed: false };
  const ids: unknown = JSON.parse(env.SHARDS ?? "0");
  const shardIds = (Array.isArray(ids) ? ids : [ids]).filter((id): id is number => Number.isInteger(id));
  return { shardIds, shardCount: Number(env.SHARD_COUNT ?? shardIds.length), managed: true };
}

/** The dispatch events the bot acts on. */
const HANDLED_EVENTS: ReadonlySet<string> = new Set([
  GatewayDispatchEvents.InteractionCreate,
  GatewayDispatchEvents.MessageCreate,
  GatewayDispatchEvents.GuildCreate,
  GatewayDispatchEvents.GuildUpdate,
  GatewayDispatchEvents.GuildDelete,
]);

/** Tells the ShardingManager (over IPC) what its Shard objects wait for: ready, disconnected, resumed. */
function tellManager(plan: ShardPlan, message: "_ready" | "_disconnect" | "_resume"): void {
  if (plan.managed) process.send?.({ [message]: true });
}

/**
 * The gateway bot: discord.js's own gateway and REST packages (@discordjs/ws, @discordjs/rest), without
 * the Client. Each raw INTERACTION_CREATE goes to the core as plain data and its response is posted as
 * the interaction callback: no Interaction, User or Member objects are built, which the burst benchmark
 * measured as the cost of answering through discord.js's Client.
 */
export async function startBot(options: {
  config: Config;
  library: Library;
  log: Logger;
  shards?: ShardPlan;
  /** Where "Helpful"/"Not helpful" votes go (src/feedback/store.ts). */
  feedback?: FeedbackSink;
}): Promise<RunningBot> {
  const { config, library } = options;
  const token = config.discordToken;
  if (!token) throw new InvalidTokenError();
  const plan = options.shards ?? shardPlan(process.env);
  // Under the ShardingManager each process's lines say which shards it runs.
  const log = plan.managed ? options.log.child({ shards: plan.shardIds }) : options.log;
  const rest = new REST({ api: config.discordApiUrl }).setToken(token);
  const core = new InteractionCore({
    library,
    log,
    cooldown: new Cooldown(config.cooldown.limit, config.cooldown.windowMs),
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
  // @mentions share the core's budget and its work in flight, so a stop waits for both.
  const mentions = new MentionResponder({ library, log, cooldown: core.cooldown, inFlight: core.inFlight });
  const gateway = new WebSocketManager({
    token,
    // None privileged: Discord sends the content of messages that mention the bot, and of DMs, without
    // the Message Content intent. Guilds brings each server's language; the others, @mention questions.
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    rest,
    shardCount: plan.shardCount,
    shardIds: plan.shardIds,
  });
  /** Who the bot is (from READY), and each server's language (from GUILD_CREATE), for @mentions. */
  let botUserId: string | undefined;
  const guildLocales = new Map<string, string>();
  gateway.on(WebSocketShardEvents.Dispatch, ({ data }) => {
    // A listener that throws here ends the process (nothing above it catches), so an event we act on
    // must carry an object, as Discord's always do.
    if (HANDLED_EVENTS.has(data.t) && !isRecord(data.d)) {
      log.warn({ event: "gateway_event_invalid", type: data.t });
      return;
    }
    switch (data.t) {
      case GatewayDispatchEvents.InteractionCreate: {
        const interaction = data.d as AnswerableInteraction;
        core
          .handle(interaction, async (response: APIInteractionResponse) => {
            await rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
              body: response,
              auth: false,
            });
          })
          // The core never rejects; should it ever, a log line, not an unhandled rejection that ends the bot.
          .catch((error: unknown) => log.error({ event: "interaction_failed", err: error }));
        break;
      }
      case GatewayDispatchEvents.MessageCreate: {
        const message = data.d;
        if (!botUserId) break;
        const guildLocale = message.guild_id ? guildLocales.get(message.guild_id) : undefined;
        mentions
          .handle(message, { botUserId, guildLocale }, async (body) => {
            await rest.post(Routes.channelMessages(message.channel_id), { body });
          })
          .catch((error: unknown) => log.error({ event: "mention_failed", err: error }));
        break;
      }
      case GatewayDispatchEvents.GuildCreate:
      case GatewayDispatchEvents.GuildUpdate: {
        const locale: unknown = data.d.preferred_locale;
        if (typeof locale === "string") guildLocales.set(data.d.id, locale);
        else guildLocales.delete(data.d.id);
        break;
      }
      case GatewayDispatchEvents.GuildDelete:
        guildLocales.delete(data.d.id);
        break;
      default:
        break;
    }
  });
  gateway.on(WebSocketShardEvents.Error, ({ error, shardId }) =>
    log.error({ event: "gateway_error", shardId, err: error }),
  );
  gateway.on(WebSocketShardEvents.Closed, ({ code, shardId }) => {
    log.warn({ event: "gateway_disconnected", shardId, code });
    tellManager(plan, "_disconnect");
  });
  gateway.on(WebSocketShardEvents.Resumed, ({ shardId }) => {
    log.info({ event: "gateway_resumed", shardId });
    tellManager(plan, "_resume");
  });

  let ready: { user: string; guilds: number } | undefined;
  gateway.on(WebSocketShardEvents.Ready, ({ data }) => {
    botUserId = data.user.id;
    ready = { user: data.user.username, guilds: (ready?.guilds ?? 0) + data.guilds.length };
  });
  try {
    // The first contact (REST's gateway address: it checks the token too) within the timeout; the wait
    // for READY is not bounded, since Discord may take its time with a large bot's shards.
    await reachDiscord(config.discordApiUrl, config.discordTimeoutMs, () => rest.get(Routes.gatewayBot()));
    await gateway.connect();
  } catch (error) {
    await Promise.resolve(gateway.destroy()).catch(() => undefined);
    if (error instanceof DiscordUnreachableError) throw error;
    const rejected =
      (error instanceof DiscordAPIError && error.status === 401) ||
      (error instanceof Error && error.message === "Authentication failed");
    if (rejected) throw new InvalidTokenError();
    throw error;
  }
  log.info({ event: "ready", user: ready?.user, guilds: ready?.guilds ?? 0 });
  tellManager(plan, "_ready");
  return {
    core,
    async stop() {
      log.info({ event: "shutdown", pending: core.pending });
      await core.drain(DRAIN_TIMEOUT_MS);
      await gateway.destroy();
      log.info({ event: "stopped" });
    },
  };
}
