import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { MAX_QUESTION_LENGTH } from "../commands/ask.js";
import { MAX_ARTICLE_NAME_LENGTH } from "../commands/promises.js";

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

const privateOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: "private",
  name_localizations: { id: "pribadi" },
  description: "Only you see the reply",
  description_localizations: { id: "Hanya Anda yang melihat jawabannya" },
  required: false,
} as const;

const articleOption = {
  type: ApplicationCommandOptionType.String,
  name: "article",
  name_localizations: { id: "artikel" },
  description: "Which article (when the bot knows several)",
  description_localizations: { id: "Artikel yang mana (jika bot mengenal beberapa)" },
  required: false,
  max_length: MAX_ARTICLE_NAME_LENGTH,
  autocomplete: true,
} as const;

const everywhere = {
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};

/**
 * The slash commands as Discord's API takes them: English names (what interactions carry),
 * with Indonesian (`id`) names and descriptions. `promiseCount` bounds `/promises number`.
 */
export function commandDefinitions(promiseCount: number): CommandJson[] {
  return [
    {
      name: "ask",
      name_localizations: { id: "tanya" },
      description: "Ask a question about the article; the bot quotes the paragraph that answers it",
      description_localizations: {
        id: "Tanyakan sesuatu tentang artikel; bot mengutip paragraf yang menjawabnya",
      },
      ...everywhere,
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: "question",
          name_localizations: { id: "pertanyaan" },
          description: "Your question, in Indonesian or English",
          description_localizations: { id: "Pertanyaan Anda, dalam bahasa Indonesia atau Inggris" },
          required: true,
          max_length: MAX_QUESTION_LENGTH,
          autocomplete: true,
        },
        privateOption,
      ],
    },
    {
      name: "promises",
      name_localizations: { id: "janji" },
      description: "The article's promises, each with its source",
      description_localizations: { id: "Janji-janji dalam artikel, masing-masing dengan sumbernya" },
      ...everywhere,
      options: [
        {
          type: ApplicationCommandOptionType.Integer,
          name: "number",
          name_localizations: { id: "nomor" },
          description: "Show one promise in full",
          description_localizations: { id: "Tampilkan satu janji secara lengkap" },
          required: false,
          min_value: 1,
          max_value: Math.max(1, promiseCount),
        },
        articleOption,
        privateOption,
      ],
    },
    {
      name: "about",
      name_localizations: { id: "tentang" },
      description: "What this bot is and which articles it knows",
      description_localizations: { id: "Tentang bot ini dan artikel yang diketahuinya" },
      ...everywhere,
      options: [privateOption],
    },
    {
      name: "help",
      name_localizations: { id: "bantuan" },
      description: "How to use the commands, with example questions",
      description_localizations: { id: "Cara memakai perintah, dengan contoh pertanyaan" },
      ...everywhere,
      options: [privateOption],
    },
  ];
}
