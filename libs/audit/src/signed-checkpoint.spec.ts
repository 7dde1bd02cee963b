import { generateKeyPairSync, verify } from 'node:crypto';
import { CheckpointFormatError, checkpointSignatureValid, parseCheckpoint, signCheckpoint } from './signed-checkpoint';

const head = { position: 1500, hash: 'ab'.repeat(32) };
const server = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

describe('signed checkpoints', () => {
  const checkpoint = signCheckpoint(head, server.privateKey, new Date('2025-06-01T12:00:00Z'));

  it('sign "<position>:<hash>" with Ed25519, as node:crypto verifies it', () => {
    expect(checkpoint).toEqual({
      ...head,
      signedPayload: `1500:${head.hash}`,
      at: '2025-06-01T12:00:00.000Z',
      signature: expect.any(String),
    });
    expect(Buffer.from(checkpoint.signature, 'base64')).toHaveLength(64);
    expect(verify(null, Buffer.from(checkpoint.signedPayload), server.publicKey, Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
    expect(checkpointSignatureValid(checkpoint, server.publicKey)).toBe(true);
  });

  it('refuse a changed position or hash, a payload that does not name them, another key and no signature', () => {
    expect(checkpointSignatureValid({ ...checkpoint, position: 1501 }, server.publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, hash: 'cd'.repeat(32) }, server.publicKey)).toBe(false);
    // A genuine signature of another head, stapled to this one.
    const genuineElsewhere = signCheckpoint({ position: 7, hash: head.hash }, server.privateKey, new Date());
    expect(checkpointSignatureValid({ ...genuineElsewhere, position: 1500 }, server.publicKey)).toBe(false);
    expect(checkpointSignatureValid(signCheckpoint(head, other.privateKey, new Date()), server.publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, signature: 'AAAA' }, server.publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...head }, server.publicKey)).toBe(false);
  });

  it('are read back from "<position>:<hash>" or from their JSON', () => {
    expect(parseCheckpoint(`1500:${head.hash}`)).toEqual(head);
    expect(parseCheckpoint(` ${JSON.stringify(checkpoint)}\n`)).toEqual(checkpoint);
    expect(parseCheckpoint(JSON.stringify({ position: '0', hash: '0'.repeat(64) }))).toMatchObject({ position: 0 });
  });

  it.each([
    ['1500', /expected "<position>:<hash>"/],
    [`-1:${head.hash}`, /position must be a non-negative integer/],
    [`1.5:${head.hash}`, /position must be a non-negative integer/],
    ['15:XYZ', /hash must be 64 lowercase hex digits/],
    [`15:${head.hash}:x`, /expected "<position>:<hash>"/],
    ['{"position":', /not valid JSON/],
    [JSON.stringify({ position: 1, hash: head.hash, signature: 5 }), /signature must be a string/],
  ])('refuse %s', (text, message) => {
    expect(() => parseCheckpoint(text)).toThrow(CheckpointFormatError);
    expect(() => parseCheckpoint(text)).toThrow(message);
  });
});
