import { type Lang, type Messages, messages } from "../i18n.js";

/**
 * What a command answers, independent of where it is shown. Discord renders it as an embed with
 * buttons, the console as plain text. Text from users (`question`) is kept raw: each renderer
 * escapes it for its own medium.
 */
export interface Reply {
  /** The language the reply is written in. */
  lang: Lang;
  /** Seen only by the person who asked (Discord's ephemeral flag). */
  ephemeral: boolean;
  /** "maybe": quoted, but the bot is not sure it answers (the confidence model's middle tier). */
  tone: "answer" | "maybe" | "not-found" | "info" | "error";
  title: string;
  /** The title links here (the article's URL), when there is one. */
  titleUrl?: string;
  /** Our own prose; the only outside text in it is `textNames`. */
  text?: string;
  /** Names `text` quotes that came from a user or the corpus (an article title, what was typed): renderers make them inert. */
  textNames?: readonly string[];
  quote?: Quote;
  citation?: Citation;
  /** The message this answers ("Ask the article" on someone's message): who wrote it and a link to it. */
  inReplyTo?: { author: string; url: string };
  /** The user's question, echoed back. Untrusted: renderers must escape it. */
  question?: string;
  /** A list: promises, alternatives, suggestions, articles. */
  items?: ReplyItem[];
  /** A heading for `items`. */
  itemsTitle?: string;
  footer?: string;
  buttons?: ReplyButton[];
}

/** A paragraph quoted word for word; `highlights` are [start, end) character ranges of matched words. */
export interface Quote {
  text: string;
  highlights: readonly (readonly [number, number])[];
}

export interface Citation {
  articleTitle: string;
  url?: string;
  source?: string;
  section: string | null;
  paragraph: number;
}

export interface ReplyItem {
  heading: string;
  text: string;
  citation?: Citation;
}

export interface ReplyButton {
  /** Carries everything the press needs (see buttons.ts); at most 100 characters. */
  id: string;
  label: string;
  disabled?: boolean;
  /** A "Helpful"/"Not helpful" button (see rating.ts), not a page button. */
  rating?: boolean;
}

/** Who a reply is for: its language, and whether only the asker sees it. */
export interface ReplyContext {
  /** The language of a reply everyone in the channel reads. */
  lang: Lang;
  ephemeral: boolean;
  /** The asker's own language, for replies only they see; `lang` when unknown. */
  userLang?: Lang;
}

/** A mistake in what the user asked: shown only to them, in their own language. */
export function privateNotice(
  context: ReplyContext,
  build: (t: Messages) => { title: string; text: string },
): Reply {
  const lang = context.userLang ?? context.lang;
  return { lang, ephemeral: true, tone: "error", ...build(messages(lang)) };
}
