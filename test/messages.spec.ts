import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { auditMessages } from '@cocrea/audit';
import { coCreationFeatures } from '@cocrea/co-creation';
import { liveMessages } from '@cocrea/live';
import { type Catalogue, Translator, placeholdersOf, t } from '@cocrea/platform';
import { platformMessages } from '@cocrea/platform/i18n/messages.es';
import { allMessages } from '../apps/api/src/projections';
import { messageUses } from './support/message-ids';

const ROOT = join(__dirname, '..');

/** Whose catalogue says the messages of a source file: its feature's, the audit's, the live gateway's, or the platform's. */
const catalogueOf = (file: string): [owner: string, catalogue: Catalogue] => {
  const feature = /^libs\/co-creation\/src\/([^/]+)\//.exec(file)?.[1];
  if (feature) {
    const declared = coCreationFeatures.find((candidate) => candidate.name === feature);
    return [`feature ${feature}`, declared?.messages ?? {}];
  }
  if (file.startsWith('libs/audit/')) return ['audit', auditMessages];
  if (file.startsWith('libs/live/')) return ['live', liveMessages];
  return ['platform', platformMessages];
};

const sorted = (numbers: number[]) => [...new Set(numbers)].sort((a, b) => a - b);

describe('message catalogues', () => {
  const uses = messageUses(ROOT, ['libs', 'apps']);

  it('finds the messages of the code (more than a hundred, in every feature)', () => {
    expect(uses.length).toBeGreaterThan(100);
    for (const feature of coCreationFeatures)
      expect(uses.some((use) => use.file.startsWith(`libs/co-creation/src/${feature.name}/`))).toBe(true);
  });

  it('has Spanish for every message, in the catalogue of the folder that writes it', () => {
    const missing = uses.filter((use) => !(use.id in catalogueOf(use.file)[1])).map((use) => `${use.file}:${use.line} "${use.id}"`);
    expect(missing).toEqual([]);
  });

  it('keeps no translation of a message no code writes any more', () => {
    const used = new Map<Catalogue, Set<string>>();
    for (const use of uses) {
      const [, catalogue] = catalogueOf(use.file);
      (used.get(catalogue) ?? used.set(catalogue, new Set()).get(catalogue)!).add(use.id);
    }
    const catalogues: Array<[string, Catalogue]> = [
      ['platform', platformMessages],
      ['audit', auditMessages],
      ['live', liveMessages],
      ...coCreationFeatures.map((feature): [string, Catalogue] => [`feature ${feature.name}`, feature.messages ?? {}]),
    ];
    const validationMessages = new Set(validationRules().flatMap(({ message }) => (message === undefined ? [] : [message])));
    const stale = catalogues.flatMap(([owner, catalogue]) =>
      Object.keys(catalogue)
        .filter((id) => !used.get(catalogue)?.has(id) && !id.startsWith('validation:') && !validationMessages.has(id))
        .map((id) => `${owner}: "${id}"`),
    );
    expect(stale).toEqual([]);
  });

  it('uses in each translation the values its English names, no more and no fewer', () => {
    const catalogues = [platformMessages, auditMessages, liveMessages, ...coCreationFeatures.map((feature) => feature.messages ?? {})];
    const mismatched = catalogues.flatMap((catalogue) =>
      Object.entries(catalogue)
        .filter(([id]) => !id.startsWith('validation:'))
        .filter(([id, spanish]) => sorted(placeholdersOf(id)).join() !== sorted(placeholdersOf(spanish)).join())
        .map(([id, spanish]) => `"${id}" → "${spanish}"`),
    );
    expect(mismatched).toEqual([]);
  });

  it('says every rule the request bodies and queries are checked with', () => {
    const rules = validationRules();
    expect(rules.length).toBeGreaterThan(50);
    const known = new Set(Object.keys(platformMessages));
    const spanish = new Translator(allMessages);
    const unsaid = rules
      .filter(({ name, message }) =>
        message === undefined
          ? !known.has(`validation:${name}`) && !(name === 'isLength' && known.has('validation:isLength:min'))
          : !spanish.knows(message),
      )
      .map(({ target, property, name }) => `${target}.${property}: ${name}`);
    // The rules the ValidationPipe itself reports: stray fields, nested values that are not objects, a body that is not one.
    for (const rule of ['whitelistValidation', 'nestedValidation', 'isObject']) expect(known.has(`validation:${rule}`)).toBe(true);
    expect(unsaid).toEqual([]);
  });

  it('merges every catalogue without two translations of one message', () => {
    const translator = new Translator(allMessages, 'es');
    expect(translator.say(t`proposal ${'p-1'} not found`, 'es')).toBe('no se encontró la propuesta p-1');
    expect(translator.say(t`proposal ${'p-1'} not found`, 'en')).toBe('proposal p-1 not found');
  });
});

/** Every class-validator rule the app's DTOs declare (importing the app registers them all). */
function validationRules(): Array<{ target: string; property: string; name: string; message?: string }> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Array<Record<string, unknown>>> };
  return [...storage.validationMetadatas.entries()].flatMap(([target, metadatas]) =>
    metadatas
      .filter(
        (metadata) =>
          metadata.type !== 'conditionalValidation' && metadata.type !== 'nestedValidation' && metadata.type !== 'whitelistValidation',
      )
      .map((metadata) => ({
        target: target.name,
        property: String(metadata.propertyName),
        name: String(metadata.name ?? metadata.type),
        message: typeof metadata.message === 'string' ? metadata.message : undefined,
      })),
  );
}
