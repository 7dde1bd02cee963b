import { useLocation } from 'preact-iso';
import { type DraftProposalDto, type PlanViewDto, type WorkingGroupViewDto, answerOf, proposalsControllerDraft } from '../../api';
import { field, useAction } from '../../components/action';
import { useMessages } from '../../i18n';
import { useSession } from '../../session';
import { contribute } from './contribute.messages';
import { portal } from './messages';

const BRANCHES: Array<DraftProposalDto['branch']> = ['executive', 'judicial', 'legislative', 'control', 'subnational'];

/** A new proposal drafted by a member of one of the plan's groups (moderators for any group); then to its editor. */
export const NewProposal = ({ plan, groups }: { plan: PlanViewDto; groups: WorkingGroupViewDto[] }) => {
  const t = useMessages(contribute).draft;
  const sections = useMessages(portal).proposal.sections;
  const session = useSession();
  const location = useLocation();
  const action = useAction();
  if (!session.user) return null;
  const user = session.user;
  const mine = session.has('moderator', 'admin')
    ? groups
    : groups.filter((group) => group.members.some((member) => member.userId === user.id));
  return (
    <details>
      <summary>{t.open}</summary>
      {mine.length === 0 ? (
        <p>{t.noGroup}</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const optional = (name: string) => field(form, name) || undefined;
            const body: DraftProposalDto = {
              planId: plan.id,
              workingGroupId: field(form, 'workingGroupId'),
              title: field(form, 'title'),
              leadEntity: field(form, 'leadEntity'),
              branch: field(form, 'branch') as DraftProposalDto['branch'],
              themes: new FormData(form).getAll('themes').map(String),
              sections: {
                problem: field(form, 'problem'),
                objective: field(form, 'objective'),
                description: field(form, 'description'),
                baseline: optional('baseline'),
                ambition: optional('ambition'),
                milestones: optional('milestones'),
              },
            };
            action.run('draft', async () => {
              const drafted = await answerOf(proposalsControllerDraft({ body }));
              location.route(`/proposals/${drafted.id}/edit`);
            });
          }}
        >
          {action.error && (
            <p role="alert" class="error">
              {action.error}
            </p>
          )}
          <label>
            {t.group}
            <select name="workingGroupId">
              {mine.map((group) => (
                <option value={group.id}>{group.name}</option>
              ))}
            </select>
          </label>
          <label>
            {t.title}
            <input name="title" required maxLength={200} />
          </label>
          <div class="grid">
            <label>
              {t.lead}
              <input name="leadEntity" required maxLength={200} />
            </label>
            <label>
              {t.branch}
              <select name="branch">
                {BRANCHES.map((branch) => (
                  <option value={branch}>{t.branches[branch]}</option>
                ))}
              </select>
            </label>
          </div>
          <fieldset>
            <legend>{t.themes}</legend>
            {plan.themes.map((theme) => (
              <label>
                <input type="checkbox" name="themes" value={theme} />
                {theme}
              </label>
            ))}
          </fieldset>
          {(['problem', 'baseline', 'objective', 'description', 'ambition', 'milestones'] as const).map((section) => (
            <label>
              {sections[section]}
              <textarea name={section} rows={3} required={section === 'problem' || section === 'objective' || section === 'description'} />
            </label>
          ))}
          <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'draft'}>
            {t.submit}
          </button>
        </form>
      )}
    </details>
  );
};
