import { type Catalogue, Text, fill } from './text';
import { type Language, languageOf } from './language';

/**
 * Says messages in the language a client asks for: English as the code writes them, Spanish from the
 * catalogues of the platform and of each feature. A message no catalogue has is said in English.
 */
export class Translator {
  private readonly spanish = new Map<string, string>();

  constructor(
    catalogues: readonly Catalogue[],
    /** The language of a client that asks for none of ours (`DEFAULT_LANGUAGE`). */
    readonly fallback: Language = 'en',
  ) {
    for (const catalogue of catalogues) {
      for (const [id, translation] of Object.entries(catalogue)) {
        const known = this.spanish.get(id);
        if (known !== undefined && known !== translation) {
          throw new Error(`two catalogues translate "${id}" differently: "${known}" and "${translation}"`);
        }
        this.spanish.set(id, translation);
      }
    }
  }

  languageOf(acceptLanguage: string | string[] | undefined): Language {
    return languageOf(acceptLanguage, this.fallback);
  }

  say(message: Text | string, language: Language): string {
    if (language === 'en') return String(message);
    const text = message instanceof Text ? message : new Text(message);
    return fill(this.spanish.get(text.id) ?? text.id, text.values, (value) =>
      value instanceof Text ? this.say(value, language) : String(value),
    );
  }

  /** Whether a catalogue has this id (a Spanish template, or a message said as it is). */
  knows(id: string): boolean {
    return this.spanish.has(id);
  }
}
