import {
  type ProposalViewDto,
  answerOf,
  proposalsControllerSubmit,
  proposalsControllerWithdraw,
  workingGroupsControllerGet,
} from '../../api';
import { useAction } from '../../components/action';
import { useMessages } from '../../i18n';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { contribute } from './contribute.messages';

/** Submitting a draft and withdrawing a proposal, for its group's members, moderators and admins. */
export const ProposalActions = ({ proposal, changed }: { proposal: ProposalViewDto; changed: () => void }) => {
  const t = useMessages(contribute).actions;
  const session = useSession();
  const group = useRead(() => answerOf(workingGroupsControllerGet({ path: { id: proposal.workingGroupId } })), [proposal.workingGroupId]);
  const action = useAction(changed);
  const user = session.user;
  const mayAct = !!user && (session.has('moderator', 'admin') || !!group.data?.members.some((member) => member.userId === user.id));
  if (!mayAct || (proposal.status !== 'draft' && proposal.status !== 'submitted')) return null;
  return (
    <div>
      {action.error && (
        <p role="alert" class="error">
          {action.error}
        </p>
      )}
      <div role="group">
        {proposal.status === 'draft' && (
          <button
            type="button"
            disabled={action.busy !== undefined}
            aria-busy={action.busy === 'submit'}
            onClick={() => action.run('submit', () => answerOf(proposalsControllerSubmit({ path: { id: proposal.id } })))}
          >
            {t.submit}
          </button>
        )}
        <button
          type="button"
          class="secondary"
          disabled={action.busy !== undefined}
          aria-busy={action.busy === 'withdraw'}
          onClick={() => action.run('withdraw', () => answerOf(proposalsControllerWithdraw({ path: { id: proposal.id }, body: {} })))}
        >
          {t.withdraw}
        </button>
      </div>
    </div>
  );
};
