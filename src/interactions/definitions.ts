import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { ASK_MESSAGE_COMMAND } from "../commands/ask-message.js";
import { COMMANDS } from "../commands/index.js";
import type { OptionSpec } from "../commands/spec.js";

type CommandJson =
  | RESTPostAPIChatInputApplicationCommandsJSONBody
  | RESTPostAPIContextMenuApplicationCommandsJSONBody;

const everywhere = {
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};

function optionJson(option: OptionSpec, promiseCount: number): APIApplicationCommandBasicOption {
  const common = {
    name: option.name,
    name_localizations: { id: option.names.id },
    description: option.descriptions.en,
    description_localizations: { id: option.descriptions.id },
    required: option.required ?? false,
  };
  switch (option.type) {
    case "string":
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        ...(option.maxLength !== undefined ? { max_length: option.maxLength } : {}),
        ...(option.autocomplete ? { autocomplete: true } : {}),
      };
    case "integer":
      return {
        ...common,
        type: ApplicationCommandOptionType.Integer,
        ...(option.minValue !== undefined ? { min_value: option.minValue } : {}),
        // The only integer option numbers a promise; it cannot pass the corpus's count.
        max_value: Math.max(1, promiseCount),
        ...(option.autocomplete ? { autocomplete: true } : {}),
      };
    case "boolean":
      return { ...common, type: ApplicationCommandOptionType.Boolean };
  }
}

/**
 * The commands as Discord's API takes them: the slash commands, made from the command specs (English
 * names, what interactions carry, with Indonesian (`id`) names and descriptions; `promiseCount` bounds
 * `/promises number`), and the "Ask the article" message command.
 */
export function commandDefinitions(promiseCount: number): CommandJson[] {
  const slash: CommandJson[] = COMMANDS.map((spec) => ({
    name: spec.name,
    name_localizations: { id: spec.names.id },
    description: spec.descriptions.en,
    description_localizations: { id: spec.descriptions.id },
    ...everywhere,
    options: spec.options.map((option) => optionJson(option, promiseCount)),
  }));
  // Right-click a message > Apps > "Ask the article": a message command has a name and nothing else.
  const askMessage: CommandJson = {
    type: ApplicationCommandType.Message,
    name: ASK_MESSAGE_COMMAND.en,
    name_localizations: { id: ASK_MESSAGE_COMMAND.id },
    ...everywhere,
  };
  return [...slash, askMessage];
}
