import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** One REST call the bot made, as the fake received it. */
export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
  /** performance.now() when the call arrived. */
  at: number;
  /** What the fake answered with a body (a message it created, for instance); set as the call is answered. */
  response?: unknown;
}

type JsonObject = Record<string, unknown>;

export const APPLICATION_ID = "111111111111111111";
export const GUILD_ID = "222222222222222222";
export const CHANNEL_ID = "333333333333333333";
export const BOT_USER_ID = "444444444444444444";
/** The direct-message channel between the bot and a user. */
export const DM_CHANNEL_ID = "888888888888888888";
/** The name of the message command ("Ask the article"), as interactions carry it. */
export const ASK_MESSAGE_NAME = "Ask the article";

/** The bot's own user, as READY and every message it sends give it. */
export const BOT_USER = {
  id: BOT_USER_ID,
  username: "tanya-artikel",
  discriminator: "0",
  avatar: null,
  global_name: null,
  bot: true,
} as const;

/** Who wrote a message or caused an interaction; `fields` override the defaults (`bot`, `global_name`...). */
export interface UserFields {
  id?: string;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
}

/** A user object as Discord sends it. */
export function discordUser(fields: UserFields = {}): JsonObject {
  const id = fields.id ?? "555555555555555555";
  return {
    id,
    username: fields.username ?? `user${id.slice(-4)}`,
    discriminator: "0",
    avatar: null,
    global_name: fields.global_name === undefined ? null : fields.global_name,
    ...(fields.bot ? { bot: true } : {}),
  };
}

/** A member object (a user in a server) as messages and interactions from a server carry it. */
function guildMember(user?: JsonObject): JsonObject {
  return {
    ...(user ? { user } : {}),
    roles: [],
    permissions: "0",
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
  };
}

/** A message the bot sent, as Discord returns it; `fields` override the defaults. */
function botMessage(id: string, fields: JsonObject): JsonObject {
  return {
    id,
    channel_id: CHANNEL_ID,
    type: 0,
    content: "",
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    author: { ...BOT_USER },
    ...fields,
  };
}

/** `POST /channels/:id/messages`: a message sent to a channel (how the bot answers an @mention). */
const CHANNEL_MESSAGES = /^\/api\/v10\/channels\/(\d+)\/messages$/;

/** A fault to inject into REST answers, for as many calls as `times` says. */
export interface RestFault {
  status: number;
  body?: JsonObject;
  headers?: Record<string, string>;
  times: number;
  /** Only calls whose path matches. */
  match?: RegExp;
}

/**
 * A small Discord on 127.0.0.1 that the real discord.js client can log in to: the REST routes the
 * bot uses and a JSON gateway. It records every REST call and can deliver interactions.
 */
export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly identifies: JsonObject[] = [];
  readonly resumes: JsonObject[] = [];
  /** performance.now() when each interaction was sent, by interaction id. */
  readonly deliveredAt = new Map<string, number>();
  /** Session id -> the shard it belongs to, for RESUME. */
  private readonly sessions = new Map<string, number>();
  private readonly server: Server;
  private readonly gateway = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly sequence = new WeakMap<WebSocket, number>();
  private readonly shardOf = new WeakMap<WebSocket, number>();
  private faults: RestFault[] = [];
  private readonly callbacks = new Map<string, RecordedCall[]>();
  /** Extra time before answering interaction callbacks, to hold interactions in flight. */
  callbackLatencyMs = 0;
  /** REST calls answered so far (a call is recorded when it arrives, counted here when answered). */
  answered = 0;
  private nextSnowflake = 900000000000000000n;
  private waiters: (() => void)[] = [];

  constructor(
    readonly token: string,
    private readonly shards = 1,
  ) {
    this.server = createServer((req, res) => {
      void this.rest(req, res);
    });
    this.server.on("upgrade", (req, socket, head) => {
      this.gateway.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What the bot's DISCORD_API_URL is set to. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  snowflake(): string {
    this.nextSnowflake += 1n;
    return this.nextSnowflake.toString();
  }

  injectFault(fault: RestFault): void {
    this.faults.push(fault);
  }

  /** Closes every gateway connection as Discord does when it drops a session. */
  dropGateway(code = 4000): void {
    for (const ws of this.sockets) ws.close(code, "fake drop");
  }

  /** The shard ids of the identified gateway connections. */
  get connectedShards(): number[] {
    return [...this.sockets].flatMap((ws) => {
      const shard = this.shardOf.get(ws);
      return shard === undefined ? [] : [shard];
    });
  }

  /**
   * Sends any gateway event (`MESSAGE_CREATE`, `GUILD_CREATE`...) to the connected bot, to one shard's
   * connection when given. Events sent to one connection arrive in the order they were sent.
   */
  dispatchEvent(type: string, data: unknown, shard?: number): void {
    const ws = [...this.sockets].find((s) => shard === undefined || this.shardOf.get(s) === shard);
    if (!ws)
      throw new Error(
        `the bot is not connected to the fake gateway${shard === undefined ? "" : ` as shard ${shard}`}`,
      );
    this.dispatch(ws, type, data);
  }

  /** Sends an INTERACTION_CREATE to the connected bot (to one shard's connection when given). */
  deliver(interaction: JsonObject, shard?: number): JsonObject {
    this.deliveredAt.set(interaction.id as string, performance.now());
    this.dispatchEvent("INTERACTION_CREATE", interaction, shard);
    return interaction;
  }

  /** Sends a MESSAGE_CREATE (see InteractionFactory.message) and returns it. */
  deliverMessage(message: JsonObject, shard?: number): JsonObject {
    this.dispatchEvent("MESSAGE_CREATE", message, shard);
    return message;
  }

  /**
   * Sends a GUILD_CREATE for a server, as Discord does for each server once the bot is connected (and
   * when it joins one): the bot learns the server's language from `preferred_locale`.
   */
  guildCreate(
    guild: { id?: string; preferred_locale?: string; name?: string } = {},
    shard?: number,
  ): JsonObject {
    const id = guild.id ?? GUILD_ID;
    const data: JsonObject = {
      id,
      name: guild.name ?? "Server uji",
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: "999999999999999999",
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: guild.preferred_locale ?? "id",
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      joined_at: new Date(0).toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      channels: [{ id: CHANNEL_ID, type: 0, guild_id: id, name: "general", position: 0 }],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
    this.dispatchEvent("GUILD_CREATE", data, shard);
    return data;
  }

  /** The messages the bot posted to a channel (`POST /channels/:id/messages`), faulted ones included. */
  channelMessages(channelId?: string): RecordedCall[] {
    return this.calls.filter((call) => {
      const channel = CHANNEL_MESSAGES.exec(call.path)?.[1];
      return call.method === "POST" && channel !== undefined && (!channelId || channel === channelId);
    });
  }

  /** Resolves once `predicate` holds for the recorded calls (checked on every new call). */
  async waitFor<T>(predicate: (calls: RecordedCall[]) => T | undefined, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = predicate(this.calls);
      if (found !== undefined && found !== false) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `fake Discord: condition not met within ${timeoutMs} ms (${this.calls.length} calls)`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The callback (first response) the bot sent for an interaction. */
  callbackFor(interactionId: string): RecordedCall | undefined {
    return this.callbacks.get(interactionId)?.[0];
  }

  /** Every callback attempt for an interaction, retries included. */
  callbacksFor(interactionId: string): readonly RecordedCall[] {
    return this.callbacks.get(interactionId) ?? [];
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname);
    const call: RecordedCall = {
      method: req.method ?? "GET",
      path,
      body: raw && req.headers["content-type"]?.includes("json") ? JSON.parse(raw) : raw,
      authorization: req.headers.authorization,
      at: performance.now(),
    };
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      this.answered += 1;
      if (body !== undefined) call.response = body;
      if (body === undefined) {
        res.writeHead(status, headers); // like Discord: a 204 has no body and no content type
        res.end();
        return;
      }
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };

    const fault = this.faults.find((f) => f.times > 0 && (!f.match || f.match.test(path)));
    if (fault) {
      fault.times -= 1;
      this.record(call);
      send(fault.status, fault.body ?? { message: "fake fault", code: 0 }, fault.headers);
      return;
    }
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    this.record(call);

    if (call.method === "GET" && path === "/api/v10/gateway/bot") {
      if (!authorized) return send(401, { message: "401: Unauthorized", code: 0 });
      return send(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: this.shards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (call.method === "POST" && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      if (this.callbackLatencyMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.callbackLatencyMs));
      return send(204);
    }
    const webhook = /^\/api\/v10\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/.exec(path);
    if (webhook && (call.method === "PATCH" || call.method === "POST")) {
      return send(200, this.message(call.body as JsonObject));
    }
    const channel = CHANNEL_MESSAGES.exec(path);
    if (channel?.[1] && call.method === "POST") {
      if (!authorized) return send(401, { message: "401: Unauthorized", code: 0 });
      return send(200, this.channelMessage(channel[1], call.body as JsonObject));
    }
    const commands = /^\/api\/v10\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands && call.method === "PUT") {
      if (!authorized) return send(401, { message: "401: Unauthorized", code: 0 });
      const body = call.body as JsonObject[];
      return send(
        200,
        body.map((command) => ({
          id: this.snowflake(),
          application_id: commands[1],
          ...(commands[2] ? { guild_id: commands[2] } : {}),
          version: this.snowflake(),
          default_member_permissions: null,
          type: 1,
          ...command,
        })),
      );
    }
    send(404, { message: "404: Not Found", code: 0 });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    const interaction = /^\/api\/v10\/interactions\/(\d+)\//.exec(call.path)?.[1];
    if (interaction && call.method === "POST") {
      this.callbacks.set(interaction, [...(this.callbacks.get(interaction) ?? []), call]);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private message(body: JsonObject | undefined): JsonObject {
    return botMessage(this.snowflake(), { type: 19, ...body });
  }

  /** The message Discord creates from a `POST /channels/:id/messages` body: a reply (type 19) when it references one. */
  private channelMessage(channelId: string, body: JsonObject | undefined): JsonObject {
    const { allowed_mentions: _notEchoed, message_reference: reference, ...fields } = body ?? {};
    const referenced =
      typeof reference === "object" && reference !== null ? (reference as JsonObject) : undefined;
    return botMessage(this.snowflake(), {
      ...fields,
      channel_id: channelId,
      type: referenced ? 19 : 0,
      ...(referenced
        ? {
            message_reference: {
              type: 0,
              message_id: referenced.message_id,
              channel_id: referenced.channel_id ?? channelId,
              ...(referenced.guild_id ? { guild_id: referenced.guild_id } : {}),
            },
          }
        : {}),
    });
  }

  private connect(ws: WebSocket): void {
    this.sockets.add(ws);
    this.sequence.set(ws, 0);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("message", (data) =>
      this.onGatewayMessage(ws, JSON.parse(String(data)) as { op: number; d: unknown }),
    );
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 60_000 } }));
  }

  private onGatewayMessage(ws: WebSocket, message: { op: number; d: unknown }): void {
    switch (message.op) {
      case 1:
        ws.send(JSON.stringify({ op: 11 }));
        break;
      case 2: {
        const identify = message.d as { token: string; shard?: [number, number] };
        this.identifies.push(identify as unknown as JsonObject);
        if (identify.token !== this.token && identify.token !== `Bot ${this.token}`) {
          ws.close(4004, "Authentication failed.");
          return;
        }
        this.shardOf.set(ws, identify.shard?.[0] ?? 0);
        const sessionId = `session-${this.snowflake()}`;
        this.sessions.set(sessionId, identify.shard?.[0] ?? 0);
        this.dispatch(ws, "READY", {
          v: 10,
          user: { ...BOT_USER },
          guilds: [],
          session_id: sessionId,
          resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
          shard: identify.shard ?? [0, 1],
          application: { id: APPLICATION_ID, flags: 0 },
        });
        break;
      }
      case 6: {
        const resume = message.d as { token: string; session_id: string };
        this.resumes.push(resume as unknown as JsonObject);
        const shard = this.sessions.get(resume.session_id);
        if (resume.token === this.token && shard !== undefined) {
          this.shardOf.set(ws, shard);
          this.dispatch(ws, "RESUMED", {});
        } else {
          ws.send(JSON.stringify({ op: 9, d: false })); // an unknown session: identify again
        }
        break;
      }
      default:
        break;
    }
  }

  private dispatch(ws: WebSocket, type: string, data: unknown): void {
    const s = (this.sequence.get(ws) ?? 0) + 1;
    this.sequence.set(ws, s);
    ws.send(JSON.stringify({ op: 0, t: type, s, d: data }));
  }
}

/**
 * Who causes an interaction: their id and language, and where they are. `guildLocale` is the server's
 * language (`null`: Discord sent none); `dm: true` is a direct message with the bot, so no guild, no member
 * and no guild locale.
 */
export interface Who {
  id?: string;
  locale?: string;
  guildLocale?: string | null;
  dm?: boolean;
  /** The user's display name (`global_name`). */
  globalName?: string | null;
}

/** The message an "Ask the article" is used on; `channelId` defaults to the interaction's channel. */
export interface TargetMessage {
  content: string;
  id?: string;
  channelId?: string;
  author?: UserFields;
  embeds?: JsonObject[];
  attachments?: JsonObject[];
}

/** Builders for INTERACTION_CREATE and MESSAGE_CREATE payloads as Discord sends them. */
export class InteractionFactory {
  /** Only the fake's snowflakes are used: unit tests pass any source of fresh ids. */
  constructor(private readonly discord: Pick<FakeDiscord, "snowflake">) {}

  private base(type: number, user: Who & { id: string }): JsonObject {
    const author = discordUser({
      id: user.id,
      ...(user.globalName !== undefined ? { global_name: user.globalName } : {}),
    });
    const common = {
      id: this.discord.snowflake(),
      application_id: APPLICATION_ID,
      type,
      token: `itoken-${this.discord.snowflake()}`,
      version: 1,
      locale: user.locale ?? "en-US",
      app_permissions: "0",
      entitlements: [],
      attachment_size_limit: 8_388_608,
    };
    if (user.dm)
      return {
        ...common,
        channel_id: DM_CHANNEL_ID,
        channel: { id: DM_CHANNEL_ID, type: 1, recipients: [author], flags: 0, last_message_id: null },
        user: author,
        authorizing_integration_owners: { "0": "0" },
        context: 1,
      };
    return {
      ...common,
      channel_id: CHANNEL_ID,
      guild_id: GUILD_ID,
      channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: "general" },
      member: guildMember(author),
      guild_locale: user.guildLocale === undefined ? "id" : user.guildLocale,
      authorizing_integration_owners: { "0": GUILD_ID },
      context: 0,
    };
  }

  /**
   * A user's message as the gateway's MESSAGE_CREATE carries it: in the server channel, or in a DM with
   * the bot (`dm: true`: no guild_id, no member). `mentions` are the users it mentions (BOT_USER for the
   * bot); `author.bot` marks a message from a bot.
   */
  message(
    content: string,
    options: {
      id?: string;
      author?: UserFields;
      mentions?: readonly JsonObject[];
      dm?: boolean;
      guildId?: string;
      channelId?: string;
    } = {},
  ): JsonObject {
    const author = discordUser(options.author);
    const guildId = options.dm ? undefined : (options.guildId ?? GUILD_ID);
    return {
      id: options.id ?? this.discord.snowflake(),
      channel_id: options.channelId ?? (guildId ? CHANNEL_ID : DM_CHANNEL_ID),
      author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: (options.mentions ?? []).map((user) => (guildId ? { ...user, member: guildMember() } : user)),
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      nonce: this.discord.snowflake(),
      ...(guildId ? { guild_id: guildId, member: guildMember() } : {}),
    };
  }

  command(
    name: string,
    options: { name: string; type: number; value: unknown }[] = [],
    user: Who = {},
  ): JsonObject {
    return {
      ...this.base(2, { ...user, id: user.id ?? "555555555555555555" }),
      data: { id: this.discord.snowflake(), name, type: 1, options },
    };
  }

  /** `type` is the focused option's (3 string, 4 integer: Discord sends what is typed as a string). */
  autocomplete(
    name: string,
    option: string,
    typed: string,
    user: { id?: string } = {},
    type = 3,
    others: { name: string; type: number; value: unknown }[] = [],
  ): JsonObject {
    return {
      ...this.base(4, { id: user.id ?? "555555555555555555" }),
      data: {
        id: this.discord.snowflake(),
        name,
        type: 1,
        options: [...others, { name: option, type, value: typed, focused: true }],
      },
    };
  }

  /**
   * "Ask the article" on a message: a message command (data type 3) whose target is that message, resolved
   * in full as Discord sends it. The target's author is someone else than the user by default.
   */
  messageCommand(target: TargetMessage, user: Who = {}): JsonObject {
    const base = this.base(2, { ...user, id: user.id ?? "555555555555555555" });
    const id = target.id ?? this.discord.snowflake();
    const message = {
      id,
      channel_id: target.channelId ?? base.channel_id,
      author: discordUser({ id: "999999999999999991", ...target.author }),
      content: target.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: target.attachments ?? [],
      embeds: target.embeds ?? [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
    };
    return {
      ...base,
      data: {
        id: this.discord.snowflake(),
        name: ASK_MESSAGE_NAME,
        type: 3,
        target_id: id,
        resolved: { messages: { [id]: message } },
      },
    };
  }

  /**
   * A press of a button on a bot's reply; `message.askedBy` is who ran the command the reply
   * answers (Discord's `interaction_metadata`), by default the one pressing. `message.embeds` and
   * `message.id` are the pressed message's (a rating reads the question from its embed).
   */
  button(
    customId: string,
    message: { flags?: number; askedBy?: string; embeds?: readonly unknown[]; id?: string } = {},
    user: Who = {},
  ): JsonObject {
    const presser = user.id ?? "555555555555555555";
    const askedBy = message.askedBy ?? presser;
    return {
      ...this.base(3, { ...user, id: presser }),
      data: { custom_id: customId, component_type: 2 },
      message: botMessage(message.id ?? this.discord.snowflake(), {
        type: 20,
        flags: message.flags ?? 0,
        ...(message.embeds ? { embeds: message.embeds } : {}),
        interaction_metadata: {
          id: this.discord.snowflake(),
          type: 2,
          user: discordUser({ id: askedBy }),
          authorizing_integration_owners: { "0": GUILD_ID },
        },
      }),
    };
  }
}
