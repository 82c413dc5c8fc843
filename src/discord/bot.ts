import { Client, Events, GatewayIntentBits } from "discord.js";
import { GatewayDispatchEvents, Routes } from "discord-api-types/v10";
import { Cooldown } from "../commands/cooldown.js";
import { type Config, InvalidTokenError } from "../config.js";
import { type AnswerableInteraction, InteractionCore } from "../interactions/core.js";
import { NO_MENTIONS } from "../interactions/render.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { DiscordUnreachableError, reachDiscord } from "./unreachable.js";

/** How long shutdown waits for interactions in flight before it closes the connection anyway. */
export const DRAIN_TIMEOUT_MS = 5_000;

export interface RunningBot {
  client: Client<true>;
  core: InteractionCore;
  /** Stops taking interactions, finishes those in flight, then disconnects. */
  stop(): Promise<void>;
}

/** The smallest intents that work: slash commands need only Guilds. No mention in any reply pings. */
export function createClient(config: Pick<Config, "discordApiUrl">): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: { api: config.discordApiUrl },
  });
}

export async function startBot(options: {
  config: Config;
  library: Library;
  log: Logger;
}): Promise<RunningBot> {
  const { config, library } = options;
  if (!config.discordToken) throw new InvalidTokenError();
  const client = createClient(config);
  // Under the ShardingManager each process's lines say which shards it runs.
  const log = client.shard ? options.log.child({ shards: client.shard.ids }) : options.log;
  const core = new InteractionCore({
    library,
    log,
    cooldown: new Cooldown(config.cooldown.limit, config.cooldown.windowMs),
  });
  // The raw dispatch, answered with a REST callback: the core works on Discord's plain payloads.
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (interaction: AnswerableInteraction) => {
    void core.handle(interaction, async (response) => {
      await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: response,
        auth: false,
      });
    });
  });
  client.on(Events.Error, (error) => log.error({ event: "client_error", err: error }));
  client.on(Events.Warn, (message) => log.warn({ event: "client_warning", message }));
  client.on(Events.ShardDisconnect, (_, shardId) => log.warn({ event: "gateway_disconnected", shardId }));
  client.on(Events.ShardResume, (shardId) => log.info({ event: "gateway_resumed", shardId }));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  const token = config.discordToken;
  try {
    // The first contact (REST's gateway address, then the gateway's hello) within the timeout; the
    // wait for READY is not bounded, since discord.js waits there for unavailable servers and shards.
    await reachDiscord(
      config.discordApiUrl,
      config.discordTimeoutMs,
      () => client.login(token),
      () => client.destroy(),
    );
  } catch (error) {
    if (error instanceof DiscordUnreachableError) throw error;
    await client.destroy();
    if (error instanceof Error && "code" in error && error.code === "TokenInvalid")
      throw new InvalidTokenError();
    throw error;
  }
  const readyClient = await ready;
  log.info({ event: "ready", user: readyClient.user.tag, guilds: readyClient.guilds.cache.size });
  return {
    client: readyClient,
    core,
    async stop() {
      log.info({ event: "shutdown", pending: core.pending });
      await core.drain(DRAIN_TIMEOUT_MS);
      await client.destroy();
      log.info({ event: "stopped" });
    },
  };
}
