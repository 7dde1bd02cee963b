import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface MessageUse {
  id: string;
  file: string;
  line: number;
}

const sources = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'testing' || name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });

/** The id a t`...` template has at run time: its parts joined by {0}, {1}... (see libs/platform/src/i18n/text.ts). */
const idOf = (template: ts.TemplateLiteral): string =>
  ts.isNoSubstitutionTemplateLiteral(template)
    ? template.text
    : template.templateSpans.reduce((id, span, index) => `${id}{${index}}${span.literal.text}`, template.head.text);

/** Every t`...` message in the source under these folders, where it is written. */
export const messageUses = (root: string, folders: string[]): MessageUse[] =>
  folders
    .flatMap((folder) => sources(join(root, folder)))
    .flatMap((path) => {
      const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
      const uses: MessageUse[] = [];
      const visit = (node: ts.Node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 't') {
          const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          uses.push({ id: idOf(node.template), file: relative(root, path), line });
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      return uses;
    });
