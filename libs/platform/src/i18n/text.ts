/**
 * A message as its English source says it, with its values apart, so that it can be said in another language
 * (gettext's way: the English text is the key). Written with the `t` tag: t`proposal ${id} not found` has the
 * id `proposal {0} not found` and the value `id`; a catalogue gives `no se encontró la propuesta {0}`.
 */
export class Text {
  constructor(
    readonly id: string,
    readonly values: readonly unknown[] = [],
    /** The English, when another library wrote it (class-validator); otherwise the id filled with the values. */
    private readonly english?: string,
  ) {}

  /** In English, the language the code is written in. */
  toString(): string {
    return this.english ?? fill(this.id, this.values, String);
  }
}

/** The tag that makes a `Text` of a template literal. */
export const t = (parts: TemplateStringsArray, ...values: unknown[]): Text =>
  new Text(
    parts.reduce((id, part, index) => (index === 0 ? part : `${id}{${index - 1}}${part}`), ''),
    values,
  );

/** Spanish for each English id: `{0}`, `{1}`... stand for the values, in any order. */
export type Catalogue = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{(\d+)\}/g;

/** The placeholders a template uses, in order of appearance. */
export const placeholdersOf = (template: string): number[] => [...template.matchAll(PLACEHOLDER)].map((match) => Number(match[1]));

export const fill = (template: string, values: readonly unknown[], say: (value: unknown) => string): string =>
  template.replace(PLACEHOLDER, (whole, index: string) => (Number(index) < values.length ? say(values[Number(index)]) : whole));

/** `a`, `a or b`, `a, b or c`, in the language the message is said in. */
export const eitherOf = (items: readonly string[]): Text | string =>
  items.length <= 1 ? (items[0] ?? '') : t`${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
