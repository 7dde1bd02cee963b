import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout, SHA-1) of a name within a namespace: the same name always gives the same id,
 * so what may only exist once for it (the commitment of a proposal, the draft an agreement started) has one stream
 * that concurrent requests contend on, whatever the store.
 */
export const nameBasedId = (namespace: string, name: string): string => {
  const bytes = createHash('sha1')
    .update(namespace + name.toLowerCase())
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
