import { type ProposalViewDto, answerOf, commentsControllerHide, commentsControllerList, commentsControllerRestore } from '../../api';
import { field, useAction } from '../../components/action';
import { ReadState } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { useRead } from '../../use-read';
import { moderationTexts } from './messages';

/** The comments on one proposal, each hidden or restored with a recorded reason. */
const ProposalComments = ({ proposal }: { proposal: ProposalViewDto }) => {
  const t = useMessages(moderationTexts).comments;
  const comments = useRead(
    () => answerOf(commentsControllerList({ query: { targetType: 'proposal', targetId: proposal.id } })),
    [proposal.id],
  );
  const action = useAction(comments.reload);
  return (
    <article>
      <header>
        <h3>{t.on(proposal.title)}</h3>
      </header>
      {action.error && (
        <p role="alert" class="error">
          {action.error}
        </p>
      )}
      <ReadState read={comments}>
        {(list) =>
          list.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <ul>
              {list.map((comment) => (
                <li data-comment={comment.id}>
                  <p>{comment.hidden ? <em>{t.hidden(comment.hiddenReason ?? '')}</em> : comment.body}</p>
                  <form
                    class="grid"
                    onSubmit={(event) => {
                      event.preventDefault();
                      const options = { path: { id: comment.id }, body: { reason: field(event.currentTarget, 'reason') } };
                      action.run(comment.id, () =>
                        answerOf(comment.hidden ? commentsControllerRestore(options) : commentsControllerHide(options)),
                      );
                    }}
                  >
                    <label>
                      {t.reason}
                      <input name="reason" required maxLength={500} />
                    </label>
                    <button
                      type="submit"
                      class={comment.hidden ? 'outline' : 'secondary'}
                      disabled={action.busy !== undefined}
                      aria-busy={action.busy === comment.id}
                    >
                      {comment.hidden ? t.restore : t.hide}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )
        }
      </ReadState>
    </article>
  );
};

export const CommentModeration = ({ proposals }: { proposals: ProposalViewDto[] }) => {
  const t = useMessages(moderationTexts).comments;
  return (
    <section aria-labelledby="moderation-comments">
      <h2 id="moderation-comments">{t.title}</h2>
      {proposals.map((proposal) => (
        <ProposalComments proposal={proposal} />
      ))}
    </section>
  );
};
