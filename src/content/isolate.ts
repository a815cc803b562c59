/**
 * Text from elsewhere inside a sentence — a file name, a number, a reference, a language's own
 * name — isolated (Unicode FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE), so that it keeps its
 * own direction inside right-to-left text (Arabic), and the sentence keeps its own punctuation.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
