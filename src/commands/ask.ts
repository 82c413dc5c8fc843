import type { Lang, Messages } from "../i18n.js";
import { messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Tier } from "../search/confidence.js";
import { highlightRanges } from "../search/highlight.js";
import type { Hit } from "../search/knowledge-base.js";
import { cutAt, truncateAtWord } from "../text.js";
import { encodePageButton, type PageRequest } from "./buttons.js";
import { citationOf } from "./citation.js";
import { type RatedAnswer, ratingButtons } from "./rating.js";
import { privateNotice, type Reply, type ReplyButton, type ReplyContext, type ReplyItem } from "./reply.js";
import { type CommandSpec, PRIVATE_OPTION } from "./spec.js";

/** Discord's `max_length` for the question option, enforced here for every transport. */
export const MAX_QUESTION_LENGTH = 300;
/** The best passage and up to four alternatives to page through. */
export const ASK_RESULTS = 5;

/** The reply, with what the interaction's log line records. */
export interface AskOutcome {
  reply: Reply;
  /** True in the "answer" tier only. */
  answered: boolean;
  passageId: string | null;
  /** For /ask: the answer's tier and the confidence model's probability. */
  tier?: Tier;
  confidence?: number;
}

export function ask(library: Library, question: string, context: ReplyContext): AskOutcome {
  const t = messages(context.lang);
  const trimmed = question.trim();
  const asked = cutAt(trimmed, MAX_QUESTION_LENGTH);
  // The echo says when the question was cut, so nobody thinks the end was read.
  const echoed = asked.length < trimmed.length ? `${cutAt(asked, MAX_QUESTION_LENGTH - 1)}…` : asked;
  const notAnswered = (reply: Reply, confidence = 0): AskOutcome => ({
    // "Not in the article" can be rated too: a "Not helpful" there may be a question it does answer.
    // (Not the private notices: an empty question is not an answer.)
    reply:
      reply.tone === "not-found"
        ? {
            ...reply,
            buttons: ratingButtons(library, { passageId: null, tier: "none", confidence }, context.lang),
          }
        : reply,
    answered: false,
    passageId: null,
    tier: "none",
    confidence,
  });
  if (!asked) {
    return notAnswered(privateNotice(context, (t) => ({ title: t.answerTitle, text: t.emptyQuestion })));
  }
  const answer = library.kb.ask(asked, ASK_RESULTS);
  if (answer.queryTerms.length === 0) {
    return notAnswered({
      ...context,
      tone: "not-found",
      title: t.notFoundTitle,
      text: t.noWordsQuestion,
      question: echoed,
    });
  }
  const best = answer.results[0];
  if (answer.tier === "none" || !best) {
    return notAnswered(
      {
        ...context,
        tone: "not-found",
        title: t.notFoundTitle,
        text: t.notFoundText,
        question: echoed,
        ...(answer.results.length > 0
          ? {
              itemsTitle: t.closest,
              items: answer.results.map((hit) => itemOf(library, hit.passage.id, context.lang)),
            }
          : {}),
      },
      answer.confidence,
    );
  }
  // The searched terms include an English question's translations, so those words are set in bold too.
  const highlights = highlightRanges(library.kb.analyzer, best.passage.text, [
    ...answer.queryTerms,
    ...best.matchedTerms,
  ]);
  const first = pageReply(
    library,
    {
      page: 0,
      passageIds: answer.results.map((h: Hit) => h.passage.id),
      unsure: answer.tier === "maybe",
    },
    context,
  );
  // The first page's rating buttons know the confidence; a page turned to later does not.
  const rated: RatedAnswer = { passageId: best.passage.id, tier: answer.tier, confidence: answer.confidence };
  const buttons = [
    ...(first.buttons ?? []).filter((b) => !b.rating),
    ...ratingButtons(library, rated, context.lang),
  ];
  return {
    reply: { ...first, question: echoed, quote: { text: best.passage.text, highlights }, buttons },
    answered: answer.tier === "answer",
    passageId: best.passage.id,
    tier: answer.tier,
    confidence: answer.confidence,
  };
}

/**
 * The first page is the answer (marked uncertain in the "maybe" tier: still quoted word for word,
 * with the doubt said and the alternatives below); later pages are the other matches.
 */
function pageHeading(request: PageRequest, t: Messages): Pick<Reply, "tone" | "title" | "text"> {
  if (request.page > 0) return { tone: "info", title: t.otherMatchTitle };
  if (!request.unsure) return { tone: "answer", title: t.answerTitle };
  return {
    tone: "maybe",
    title: t.maybeTitle,
    text: request.passageIds.length > 1 ? t.maybeText : t.maybeTextAlone,
  };
}

/** One page of an answer: the quoted passage, its citation, the other matches and paging buttons. */
export function pageReply(library: Library, request: PageRequest, context: ReplyContext): Reply {
  const t = messages(context.lang);
  const { page, passageIds } = request;
  const keep = { passageIds, ...(request.unsure ? { unsure: true } : {}) };
  const passage = library.kb.passage(passageIds[page] ?? "");
  if (!passage) throw new Error(`page ${page} of ${passageIds.length} has no passage`);
  const citation = citationOf(library, passage);
  const last = passageIds.length - 1;
  const buttons: ReplyButton[] =
    last > 0
      ? [
          {
            id: encodePageButton(library, { ...keep, page: Math.max(page - 1, 0) }),
            label: t.previous,
            disabled: page === 0,
          },
          {
            id: encodePageButton(library, { ...keep, page: Math.min(page + 1, last) }),
            label: t.next,
            disabled: page === last,
          },
        ]
      : [];
  return {
    ...context,
    ...pageHeading(request, t),
    ...(citation.url ? { titleUrl: citation.url } : {}),
    quote: { text: passage.text, highlights: [] },
    citation,
    itemsTitle: t.otherMatches,
    items: passageIds.filter((_, i) => i !== page).map((id) => itemOf(library, id, context.lang)),
    footer: t.matchOf(page + 1, passageIds.length),
    // The answer (the first page) is rated; later pages are other matches, not the bot's answer.
    buttons:
      page === 0
        ? [
            ...buttons,
            ...ratingButtons(
              library,
              { passageId: passage.id, tier: request.unsure ? "maybe" : "answer", confidence: null },
              context.lang,
            ),
          ]
        : buttons,
  };
}

function itemOf(library: Library, passageId: string, lang: Lang): ReplyItem {
  const t = messages(lang);
  const passage = library.kb.passage(passageId);
  if (!passage) throw new Error(`unknown passage ${passageId}`);
  const where = passage.section ? `${t.section} "${truncateAtWord(passage.section, 60)}"` : t.lede;
  return {
    heading: `${t.paragraph} ${passage.paragraph}, ${where}`,
    text: truncateAtWord(passage.text, 160),
  };
}

export const askCommand: CommandSpec<{ name: "ask"; question: string }> = {
  name: "ask",
  names: { en: "ask", id: "tanya" },
  descriptions: {
    en: "Ask a question about the article; the bot quotes the paragraph that answers it",
    id: "Tanyakan sesuatu tentang artikel; bot mengutip paragraf yang menjawabnya",
  },
  options: [
    {
      name: "question",
      names: { en: "question", id: "pertanyaan" },
      descriptions: {
        en: "Your question, in Indonesian or English",
        id: "Pertanyaan Anda, dalam bahasa Indonesia atau Inggris",
      },
      type: "string",
      required: true,
      maxLength: MAX_QUESTION_LENGTH,
      autocomplete: true,
    },
    PRIVATE_OPTION,
  ],
  help: {
    en: {
      discord:
        "`/ask question:` ask anything about the article, in Indonesian or English. Add `private:True` so only you see the answer.",
      console:
        "Type any question about the article, in Indonesian or English, as it is or after /ask: `/ask When is the Double Eleven shopping festival?`",
    },
    id: {
      discord:
        "`/tanya pertanyaan:` tanya apa saja tentang artikel, dalam bahasa Indonesia atau Inggris. Tambahkan `pribadi:True` agar hanya Anda yang melihat jawabannya.",
      console:
        "Ketik pertanyaan apa saja tentang artikel, dalam bahasa Indonesia atau Inggris, langsung atau sesudah /tanya: `/tanya Kapan festival belanja Double Eleven?`",
    },
  },
  read: (options) => ({ name: "ask", question: options.string("question") ?? "" }),
  positional: (words) => ({ question: words.join(" ") }),
  run: (library, command, context) => ask(library, command.question, context),
};
