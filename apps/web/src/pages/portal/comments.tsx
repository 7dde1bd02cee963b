import { answerOf, commentsControllerList, commentsControllerPost, type ThreadedCommentDto } from '../../api';
import { field, useAction } from '../../components/action';
import { useSession } from '../../session';
import { contribute } from './contribute.messages';
import { ReadState } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { useRead } from '../../use-read';
import { portal } from './messages';

/** The comments on a proposal, commitment or consultation, threaded; a hidden one shows why it is hidden. */
export const Comments = ({
  targetType,
  targetId,
  version,
}: {
  targetType: ThreadedCommentDto['targetType'];
  targetId: string;
  version: number;
}) => {
  const t = useMessages(portal).proposal;
  const shared = useMessages(common);
  const format = useFormat();
  const comments = useRead(() => answerOf(commentsControllerList({ query: { targetType, targetId } })), [targetType, targetId, version]);
  const say = useMessages(contribute).comment;
  const session = useSession();
  const action = useAction(comments.reload);
  return (
    <section aria-labelledby="comments">
      <h2 id="comments">{t.comments}</h2>
      <ReadState read={comments}>
        {(list) =>
          list.length === 0 ? (
            <p>{shared.none}</p>
          ) : (
            <ul class="comments">
              {list.map((comment) => (
                <li style={{ marginLeft: `${comment.depth * 1.5}rem` }} data-comment={comment.id}>
                  {comment.hidden ? <p class="meta">{t.hidden(comment.hiddenReason ?? '')}</p> : <p>{comment.body}</p>}
                  <small class="meta">
                    {comment.authorName} · {format.dateTime(comment.postedAt)}
                  </small>
                </li>
              ))}
            </ul>
          )
        }
      </ReadState>
      {session.user ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const body = { targetType, targetId, body: field(form, 'body') };
            action.run('post', async () => {
              await answerOf(commentsControllerPost({ body }));
              form.reset();
            });
          }}
        >
          {action.error && (
            <p role="alert" class="error">
              {action.error}
            </p>
          )}
          <label>
            {say.label}
            <textarea name="body" required maxLength={5000} rows={3} />
          </label>
          <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'post'}>
            {say.post}
          </button>
        </form>
      ) : (
        <p class="meta">{say.signIn}</p>
      )}
    </section>
  );
};
