import { NotFoundException } from '@nestjs/common';

/** The document read by id, or a 404 naming what was not found. */
export const found = <T>(document: T | undefined, entity: string, id: string): T => {
  if (document === undefined) throw new NotFoundException(`${entity} ${id} not found`);
  return document;
};
