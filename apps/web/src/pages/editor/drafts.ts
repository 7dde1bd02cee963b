import type { ProposalViewDto } from '../../api';
import { SECTIONS } from '../portal/proposal';

/** What the editor edits: the title and every section, each saved on its own. */
export const FIELDS = ['title', ...SECTIONS] as const;
export type Field = (typeof FIELDS)[number];

/** The server's text of a field after someone else saved it, and the revision at which they did. */
export interface Conflict {
  current: string;
  revision: number;
  /** What this person tried to save, to keep it if they choose so. */
  mine: string;
  /** The server's words for the refusal, in the interface's language. */
  message: string;
}

/** One field as this page holds it. */
export interface Draft {
  /** What the field's control holds now. */
  text: string;
  /** The server's text as the page last knew it: the field has unsaved changes while `text` differs. */
  saved: string;
  /**
   * The revision at which the server's text last changed, as the page knows it: the `expectedRevision` of the next
   * save. It is the field's own, not the proposal's, so an edit of another section never hides a change to this one.
   */
  revision: number;
  saving: boolean;
  /** Who changed the field on the server while it had unsaved changes here (its text was then kept). */
  changedBy?: string;
  conflict?: Conflict;
  error?: string;
}
export type Drafts = Record<Field, Draft>;

export type DraftAction =
  | { type: 'typed'; field: Field; text: string }
  | { type: 'arrived'; field: Field; text: string; revision: number; by: string }
  | { type: 'saving'; field: Field }
  | { type: 'saved'; field: Field; text: string; revision: number }
  | { type: 'conflicted'; field: Field; conflict: Conflict }
  | { type: 'failed'; field: Field; message: string }
  | { type: 'tookTheirs'; field: Field };

const textOf = (proposal: ProposalViewDto, field: Field): string => (field === 'title' ? proposal.title : (proposal.sections[field] ?? ''));

export const draftsOf = (proposal: ProposalViewDto): Drafts =>
  Object.fromEntries(
    FIELDS.map((field) => {
      const text = textOf(proposal, field);
      return [field, { text, saved: text, revision: proposal.sectionRevisions[field], saving: false }];
    }),
  ) as Drafts;

export const unsaved = (draft: Draft): boolean => draft.text !== draft.saved;

/** Someone's save of the field arrived: taken in place unless it would overwrite what this person has not saved. */
const arrived = (draft: Draft, { text, revision, by }: { text: string; revision: number; by: string }): Draft => {
  // Already known (this page's own save answered first), or older than what the page holds.
  if (revision <= draft.revision) return draft;
  // The page's own save, or the same words: nothing is lost by taking it.
  if (text === draft.text || !unsaved(draft)) return { ...draft, text, saved: text, revision, changedBy: undefined, conflict: undefined };
  // Unsaved changes stay; the next save is refused with the server's text to merge, or the open merge follows it.
  const conflict = draft.conflict && { ...draft.conflict, current: text, revision };
  return { ...draft, changedBy: by, conflict };
};

export const reduceDrafts = (drafts: Drafts, action: DraftAction): Drafts => {
  const draft = drafts[action.field];
  const next = ((): Draft => {
    switch (action.type) {
      case 'typed':
        return { ...draft, text: action.text };
      case 'arrived':
        return arrived(draft, action);
      case 'saving':
        return { ...draft, saving: true, error: undefined };
      case 'saved':
        // The live feed already brought this save, or a later one: the page knows more than the answer.
        if (action.revision <= draft.revision) return { ...draft, saving: false, conflict: undefined };
        // `text` stays as it is: what was typed while the save was on its way is still unsaved.
        return { ...draft, saved: action.text, revision: action.revision, saving: false, changedBy: undefined, conflict: undefined };
      case 'conflicted':
        return { ...draft, saving: false, conflict: action.conflict };
      case 'failed':
        return { ...draft, saving: false, error: action.message };
      case 'tookTheirs': {
        const { conflict } = draft;
        if (!conflict) return draft;
        return {
          ...draft,
          text: conflict.current,
          saved: conflict.current,
          revision: conflict.revision,
          changedBy: undefined,
          conflict: undefined,
        };
      }
    }
  })();
  return { ...drafts, [action.field]: next };
};
