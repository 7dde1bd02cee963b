import Negotiator from 'negotiator';

/** The languages Cocrea answers in. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The language an `Accept-Language` header asks for among ours (`es-CO` is Spanish, quality values count),
 * or `fallback` when it names none of them or is absent.
 */
export const languageOf = (acceptLanguage: string | string[] | undefined, fallback: Language): Language => {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return fallback;
  const offered = [fallback, ...LANGUAGES.filter((language) => language !== fallback)];
  return (new Negotiator({ headers: { 'accept-language': header } }).language(offered) as Language | undefined) ?? fallback;
};
