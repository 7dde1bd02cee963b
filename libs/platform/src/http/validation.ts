import { BadRequestException, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { Text, t } from '../i18n/text';

/** What is wrong with one field: each problem in words any catalogue can say. */
export interface FieldProblems {
  field: string;
  problems: Text[];
}

/** At most this many fields are listed in a validation answer; the rest are counted. */
export const MAX_LISTED_FIELDS = 20;

/** A body or query class-validator refused: a 400 naming each field and what is wrong with it. */
export class ValidationFailed extends BadRequestException {
  constructor(readonly fields: FieldProblems[]) {
    super('invalid input');
  }
}

/**
 * Constraints whose message depends on which bound failed: `@Length(1, 200)` says "at least 1" of a short
 * value and "at most 200" of a long one, as class-validator itself does.
 */
const lengthKey = (value: unknown, [min]: unknown[]): string =>
  typeof value === 'string' && typeof min === 'number' && value.length < min ? 'isLength:min' : 'isLength:max';

/** The arguments class-validator fills a rule's message with, as it writes them ($constraint1, ...). */
const spoken = (constraint: unknown): string => (Array.isArray(constraint) ? constraint.map(spoken).join(', ') : String(constraint));

/**
 * One broken rule as a `Text`: the catalogues say `validation:<rule>` with the property as `{0}` and the rule's
 * arguments after it; a rule with its own message is that message. English stays class-validator's wording.
 */
const problemOf = (error: ValidationError, rule: string, english: string): Text => {
  const target = (error.target as object | undefined)?.constructor;
  const metadata = target
    ? getMetadataStorage()
        .getTargetValidationMetadatas(target, '', true, false)
        .find((candidate) => candidate.propertyName === error.property && (candidate.name ?? candidate.type) === rule)
    : undefined;
  if (typeof metadata?.message === 'string') return new Text(metadata.message, [], english);
  const constraints: unknown[] = metadata?.constraints ?? [];
  const property = metadata?.each ? t`each value in ${error.property}` : error.property;
  if (rule === 'isLength') {
    const key = lengthKey(error.value, constraints);
    return new Text(`validation:${key}`, [property, spoken(constraints[key === 'isLength:min' ? 0 : 1])], english);
  }
  return new Text(`validation:${rule}`, [property, ...constraints.map(spoken)], english);
};

const describe = (errors: ValidationError[], parent = ''): FieldProblems[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, problems: Object.entries(error.constraints).map(([rule, english]) => problemOf(error, rule, english)) }]
      : [];
    return [...own, ...describe(error.children ?? [], field)];
  });

/** The ValidationPipe's exception factory (the pipe must keep each error's target: `validationError.target`). */
export const validationExceptionFactory = (errors: ValidationError[]) => new ValidationFailed(describe(errors));

/** The refusal's message and details, said with `say` (the first MAX_LISTED_FIELDS fields; the rest counted). */
export const validationAnswer = (failed: ValidationFailed, say: (message: Text) => string) => {
  const details = failed.fields.slice(0, MAX_LISTED_FIELDS).map(({ field, problems }) => ({ field, problems: problems.map(say) }));
  const listed = details.map((d) => d.problems.map((p) => (p.startsWith(d.field) ? p : `${d.field}: ${p}`)).join('; ')).join('; ');
  const more = failed.fields.length - details.length;
  const message = more > 0 ? say(t`${listed}; and ${more} more fields`) : listed || say(t`invalid input`);
  return { message, details };
};
