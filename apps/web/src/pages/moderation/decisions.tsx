import { type ProposalViewDto, answerOf, proposalsControllerAccept, proposalsControllerReject } from '../../api';
import { field, useAction } from '../../components/action';
import { useMessages } from '../../i18n';
import { moderationTexts } from './messages';

/** Submitted proposals, each accepted or rejected with a reason that is published with the decision. */
export const Decisions = ({ proposals, changed }: { proposals: ProposalViewDto[]; changed: () => void }) => {
  const t = useMessages(moderationTexts).decisions;
  const action = useAction(changed);
  const submitted = proposals.filter((proposal) => proposal.status === 'submitted');
  return (
    <section aria-labelledby="moderation-decisions">
      <h2 id="moderation-decisions">{t.title}</h2>
      {action.error && (
        <p role="alert" class="error">
          {action.error}
        </p>
      )}
      {submitted.length === 0 && <p>{t.none}</p>}
      {submitted.map((proposal) => (
        <form
          data-proposal={proposal.id}
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const accept = (event.submitter as HTMLButtonElement | null)?.value === 'accept';
            const options = { path: { id: proposal.id }, body: { reason: field(form, 'reason') } };
            action.run(proposal.id, () => answerOf(accept ? proposalsControllerAccept(options) : proposalsControllerReject(options)));
          }}
        >
          <fieldset>
            <legend>
              <a href={`/proposals/${proposal.id}`}>{proposal.title}</a>
            </legend>
            <label>
              {t.reason}
              <textarea name="reason" required maxLength={2000} rows={2} />
            </label>
            <div role="group">
              <button
                type="submit"
                name="decision"
                value="accept"
                disabled={action.busy !== undefined}
                aria-busy={action.busy === proposal.id}
              >
                {t.accept}
              </button>
              <button type="submit" name="decision" value="reject" class="secondary" disabled={action.busy !== undefined}>
                {t.reject}
              </button>
            </div>
          </fieldset>
        </form>
      ))}
    </section>
  );
};
