import { useEffect, useRef } from 'preact/hooks';
import { useMessages } from '../../i18n';
import { type Draft, type Field, unsaved } from './drafts';
import { Merge } from './merge';
import { editor } from './messages';

export interface FieldEditorProps {
  field: Field;
  label: string;
  draft: Draft;
  /** The names of the others editing this field now. */
  editingBy: string[];
  onType(text: string): void;
  onFocus(): void;
  onBlur(): void;
  /** Saves `text` on the field's known revision, or on the conflict's when merging. */
  onSave(text: string): void;
  onTakeTheirs(): void;
}

/** One field of the proposal with its own Save: who else edits it, whether it changed meanwhile, and the merge on a refusal. */
export const FieldEditor = (props: FieldEditorProps) => {
  const { field, label, draft, editingBy, onType, onFocus, onBlur, onSave } = props;
  const t = useMessages(editor);
  const id = `field-${field}`;
  const control = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  // Back from a merge, the keyboard goes on from the field it was about.
  const merging = draft.conflict !== undefined;
  const wasMerging = useRef(merging);
  useEffect(() => {
    if (wasMerging.current && !merging) control.current?.focus();
    wasMerging.current = merging;
  }, [merging]);

  const described = [editingBy.length > 0 && `${id}-editing`, draft.changedBy && `${id}-changed`].filter(Boolean).join(' ') || undefined;
  const attributes = {
    id,
    ref: control,
    value: draft.text,
    'aria-describedby': described,
    onInput: (event: { currentTarget: { value: string } }) => onType(event.currentTarget.value),
    onFocus,
    onBlur,
  };
  return (
    <article class={merging ? 'field merging' : 'field'} data-field={field}>
      <header>
        <h2>{merging ? label : <label for={id}>{label}</label>}</h2>
        {editingBy.length > 0 && (
          <p id={`${id}-editing`} class="editing-by">
            {t.editingThis(editingBy.join(', '))}
          </p>
        )}
      </header>
      {draft.conflict ? (
        <Merge {...props} draft={{ ...draft, conflict: draft.conflict }} />
      ) : (
        <>
          {draft.changedBy && (
            <p id={`${id}-changed`} class="notice">
              {t.changedMeanwhile(draft.changedBy)}
            </p>
          )}
          {field === 'title' ? <input type="text" {...attributes} /> : <textarea rows={6} {...attributes} />}
          {draft.error && (
            <p role="alert" class="error">
              {draft.error}
            </p>
          )}
          <footer class="field-actions">
            <span class="meta">{unsaved(draft) ? t.unsaved : t.saved}</span>
            <button type="button" aria-busy={draft.saving} disabled={draft.saving || !unsaved(draft)} onClick={() => onSave(draft.text)}>
              {t.save}
              {/* Said to screen readers only: which of the page's Save buttons this is. */}
              <span class="visually-hidden"> {label}</span>
            </button>
          </footer>
        </>
      )}
    </article>
  );
};
