import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_KEY_FILE, loadAuditKey } from './audit-key';

describe('the checkpoint signing key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'cocrea-key-')), 'data');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('is created on first start in the data folder, readable by its owner only, and kept', () => {
    const first = loadAuditKey({ dataDir });
    const file = join(dataDir, AUDIT_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = loadAuditKey({ dataDir });
    expect(again.publicKeyPem).toBe(first.publicKeyPem);
    const payload = Buffer.from('1:abc');
    expect(verify(null, payload, first.publicKeyPem, sign(null, payload, again.privateKey))).toBe(true);
  });

  it('is the one production supplies, when it does', () => {
    const supplied = generateKeyPairSync('ed25519');
    const file = join(dataDir, '..', 'production.pem');
    writeFileSync(file, supplied.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const key = loadAuditKey({ dataDir, auditPrivateKeyFile: file });
    expect(key.publicKeyPem).toBe(supplied.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(() => statSync(join(dataDir, AUDIT_KEY_FILE))).toThrow(/ENOENT/);
  });

  it('must be Ed25519, and a supplied file must exist', () => {
    const file = join(dataDir, '..', 'x25519.pem');
    writeFileSync(file, generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() => loadAuditKey({ dataDir, auditPrivateKeyFile: file })).toThrow(/must hold an Ed25519 private key .* not x25519/);
    expect(() => loadAuditKey({ dataDir, auditPrivateKeyFile: join(dataDir, 'nope.pem') })).toThrow(/ENOENT/);
  });
});
