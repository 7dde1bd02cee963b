import { randomFillSync } from 'node:crypto';

// One call into the CSPRNG per 4 KiB instead of one or two per id: ids are made on the append hot path.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
const random = (size: number): Buffer => {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += size;
  return pool.subarray(poolOffset - size, poolOffset);
};

let lastMillis = 0;
let sequence = 0;

/**
 * UUID version 7 (RFC 9562): time-ordered, so ids created one after another sort together and
 * B-tree indexes over them grow at the end instead of splitting pages at random.
 */
export const uuidv7 = (): string => {
  let millis = Date.now();
  if (millis <= lastMillis) {
    millis = lastMillis;
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) millis = ++lastMillis;
  } else {
    sequence = random(2).readUInt16BE(0) & 0x3ff;
  }
  lastMillis = millis;
  const bytes = Buffer.from(random(16));
  bytes.writeUIntBE(millis, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
