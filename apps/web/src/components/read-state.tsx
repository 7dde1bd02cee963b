import type { ComponentChildren } from 'preact';
import { useMessages } from '../i18n';
import { common } from '../i18n/common';
import type { Read } from '../use-read';

/** What a page shows while its read is on its way, or when it failed; the content once it is there. */
export const ReadState = <T,>({ read, children }: { read: Read<T>; children: (data: T) => ComponentChildren }) => {
  const t = useMessages(common);
  if (read.error && read.data === undefined) {
    return (
      <div role="alert" class="card">
        <p>{read.error.message || t.error}</p>
        <button type="button" class="secondary" onClick={read.reload}>
          {t.retry}
        </button>
      </div>
    );
  }
  if (read.data === undefined) return <p aria-busy="true">{t.loading}</p>;
  return (
    <>
      {read.error && (
        <p role="alert" class="error">
          {read.error.message || t.error}{' '}
          <button type="button" class="secondary outline" onClick={read.reload}>
            {t.retry}
          </button>
        </p>
      )}
      {children(read.data)}
    </>
  );
};

/** A status as words, in the interface's language. */
export const Status = ({ status }: { status: string }) => {
  const t = useMessages(common);
  return <mark class={`status status-${status}`}>{t.statuses[status] ?? status}</mark>;
};
