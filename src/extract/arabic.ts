/** One-letter proclitics written onto the next word: و (and), ف (so), ب (in, by), ل (to, for), ك (like). */
const PROCLITIC = /^[وفبلك](?=[\u0600-\u06ff]{3})/;
/** ل before the article, which then loses its alef: للبوكمال = ل + البوكمال. */
const LI_ARTICLE = /^لل(?=[\u0600-\u06ff]{3})/;

/**
 * A folded Arabic word without the proclitic written onto it (`وحلب` -> `حلب`, `لداعش` -> `داعش`,
 * `للبوكمال` -> `بوكمال`), when one is there and at least three letters remain; undefined otherwise.
 *
 * The article with a proclitic (`بالبوكمال`) is already dropped by the spelling folding. Matchers try this
 * only after the word as written matched nothing, so names that really begin with these letters (`بانياس`,
 * `كوباني`, `لواء`) are found as themselves first.
 */
export function withoutProclitic(folded: string): string | undefined {
  if (LI_ARTICLE.test(folded)) return folded.slice(2);
  if (PROCLITIC.test(folded)) return folded.slice(1);
  return undefined;
}
