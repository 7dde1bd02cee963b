import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A page's texts in both languages: the Spanish is the source, the English must say the same things. */
export interface Catalogue<M> {
  es: M;
  en: M;
}
export const catalogue = <M,>(es: M, en: NoInfer<M>): Catalogue<M> => ({ es, en });

const STORAGE_KEY = 'cocrea.language';
const stored = (): Language => {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'es' ? value : 'es';
  } catch {
    return 'es';
  }
};

/** The language the interface is in now; the API client sends it as Accept-Language. */
export let currentLanguage: Language = stored();

const LanguageContext = createContext<{ language: Language; setLanguage: (language: Language) => void }>({
  language: currentLanguage,
  setLanguage: () => undefined,
});

export const LanguageProvider = ({ children }: { children: ComponentChildren }) => {
  const [language, setLanguage] = useState<Language>(currentLanguage);
  useEffect(() => {
    currentLanguage = language;
    document.documentElement.lang = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private windows may refuse storage: the choice then lasts for this page.
    }
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage }), [language]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
};

export const useLanguage = () => useContext(LanguageContext);

/** The texts of a catalogue in the current language. */
export const useMessages = <M,>(messages: Catalogue<M>): M => messages[useLanguage().language];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Dates and numbers as the current language writes them (Colombia's Spanish by default). */
export const useFormat = () => {
  const { language } = useLanguage();
  const locale = language === 'es' ? 'es-CO' : 'en-GB';
  return useMemo(
    () => ({
      // A date without a time (2017-07-01, a plan's period, a milestone) is that day wherever one reads it: as UTC.
      date: (value: string | null | undefined) =>
        value
          ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(DATE_ONLY.test(value) ? { timeZone: 'UTC' } : {}) }).format(
              new Date(value),
            )
          : '—',
      dateTime: (value: string | null | undefined) =>
        value ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value)) : '—',
      time: (value: string) => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(value)),
      number: (value: number) => new Intl.NumberFormat(locale).format(value),
      percent: (value: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value),
    }),
    [locale],
  );
};
