import { Transform } from 'class-transformer';

/**
 * Lower-cases a string, or each string of an array, before validation. Stream ids are lower case (the IdPipe
 * lowers route ids too), so an upper-case UUID in a body or query names the same thing.
 */
export const LowerCase = () =>
  Transform(({ value }) => {
    const lower = (item: unknown) => (typeof item === 'string' ? item.toLowerCase() : item);
    return Array.isArray(value) ? value.map(lower) : lower(value);
  });
