/**
 * A Discord bot token: three base64url parts joined by dots. It starts only where a run of word
 * characters starts: a later start inside the run can never match where the run's start did not, and
 * without the lookbehind each start re-scans the run (quadratic: 2.3 s for a 40 KB value, also in the
 * logger, which redacts with it).
 */
export const BOT_TOKEN_SHAPE = /(?<![\w-])[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/;
