import {
  type PlanViewDto,
  type WorkingGroupViewDto,
  answerOf,
  workingGroupsControllerAddMember,
  workingGroupsControllerForm,
  workingGroupsControllerRemoveMember,
} from '../../api';
import { field, useAction } from '../../components/action';
import { useMessages } from '../../i18n';
import { moderationTexts } from './messages';

/** The plan's working groups and their members: forming a group, adding and removing members. */
export const Groups = ({ plan, groups, changed }: { plan: PlanViewDto; groups: WorkingGroupViewDto[]; changed: () => void }) => {
  const t = useMessages(moderationTexts).groups;
  const action = useAction(changed);
  return (
    <section aria-labelledby="moderation-groups">
      <h2 id="moderation-groups">{t.title}</h2>
      {action.error && (
        <p role="alert" class="error">
          {action.error}
        </p>
      )}
      {groups.map((group) => (
        <article data-group={group.id}>
          <header>
            <h3>{group.name}</h3>
          </header>
          <ul aria-label={t.members}>
            {group.members.map((member) => (
              <li>
                {member.userId} <span class="meta">({t.roles[member.role]})</span>{' '}
                <button
                  type="button"
                  class="secondary outline"
                  disabled={action.busy !== undefined}
                  aria-busy={action.busy === `${group.id}/${member.userId}`}
                  onClick={() =>
                    action.run(`${group.id}/${member.userId}`, () =>
                      answerOf(workingGroupsControllerRemoveMember({ path: { id: group.id, userId: member.userId } })),
                    )
                  }
                >
                  {t.remove(member.userId)}
                </button>
              </li>
            ))}
          </ul>
          <form
            class="grid"
            onSubmit={(event) => {
              event.preventDefault();
              const form = event.currentTarget;
              const body = { userId: field(form, 'userId'), role: field(form, 'role') as 'member' | 'lead' };
              action.run(`${group.id}/add`, async () => {
                await answerOf(workingGroupsControllerAddMember({ path: { id: group.id }, body }));
                form.reset();
              });
            }}
          >
            <label>
              {t.userId}
              <input name="userId" required maxLength={200} autoComplete="off" />
            </label>
            <label>
              {t.role}
              <select name="role">
                <option value="member">{t.roles.member}</option>
                <option value="lead">{t.roles.lead}</option>
              </select>
            </label>
            <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === `${group.id}/add`}>
              {t.add}
            </button>
          </form>
        </article>
      ))}
      <details>
        <summary>{t.newGroup}</summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const body = { planId: plan.id, name: field(form, 'name'), theme: field(form, 'theme') };
            action.run('new-group', async () => {
              await answerOf(workingGroupsControllerForm({ body }));
              form.reset();
            });
          }}
        >
          <label>
            {t.name}
            <input name="name" required maxLength={200} />
          </label>
          <label>
            {t.theme}
            <select name="theme">
              {plan.themes.map((theme) => (
                <option value={theme}>{theme}</option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'new-group'}>
            {t.create}
          </button>
        </form>
      </details>
    </section>
  );
};
