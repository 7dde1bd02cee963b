import { useEffect, useRef } from 'preact/hooks';
import { useMessages } from '../../i18n';
import type { Draft, Field } from './drafts';
import { editor } from './messages';

interface MergeProps {
  field: Field;
  label: string;
  draft: Draft & { conflict: NonNullable<Draft['conflict']> };
  onType(text: string): void;
  onFocus(): void;
  onBlur(): void;
  /** Saves this text on the revision of the server's text (the conflict's): it replaces that text. */
  onSave(text: string): void;
  onTakeTheirs(): void;
}

/**
 * A save refused because someone changed the field meanwhile: the server's text, read-only, beside this person's,
 * editable, to keep one or the other or save a merge of both.
 */
export const Merge = ({ field, label, draft, onType, onFocus, onBlur, onSave, onTakeTheirs }: MergeProps) => {
  const t = useMessages(editor).merge;
  const { conflict } = draft;
  const heading = useRef<HTMLHeadingElement>(null);
  // The Save button that was pressed is gone: the keyboard goes on from the merge's heading.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby={`merge-${field}`} class="merge">
      <h3 id={`merge-${field}`} tabIndex={-1} ref={heading}>
        {t.heading(label)}
      </h3>
      <p role="alert" class="error">
        {conflict.message}
      </p>
      <p>{t.intro}</p>
      <div class="merge-texts">
        <label>
          {t.theirs(label)}
          <textarea readOnly rows={6} value={conflict.current} data-testid="theirs" />
        </label>
        <label>
          {t.mine(label)}
          <textarea
            rows={6}
            value={draft.text}
            data-testid="mine"
            onInput={(event) => onType(event.currentTarget.value)}
            onFocus={onFocus}
            onBlur={onBlur}
          />
        </label>
      </div>
      <div class="merge-actions">
        <button type="button" disabled={draft.saving} onClick={() => onSave(conflict.mine)}>
          {t.keepMine}
        </button>
        <button type="button" class="secondary" disabled={draft.saving} onClick={onTakeTheirs}>
          {t.takeTheirs}
        </button>
        <button type="button" aria-busy={draft.saving} disabled={draft.saving} onClick={() => onSave(draft.text)}>
          {t.saveMerged}
        </button>
      </div>
    </section>
  );
};
