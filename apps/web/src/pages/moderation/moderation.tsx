import { useState } from 'preact/hooks';
import {
  answerOf,
  consultationsControllerList,
  plansControllerCreate,
  plansControllerList,
  proposalsControllerList,
  workingGroupsControllerList,
} from '../../api';
import { field, useAction } from '../../components/action';
import { ReadState } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { CommentModeration } from './comments';
import { Consultations } from './consultations';
import { Decisions } from './decisions';
import { Groups } from './groups';
import { moderationTexts } from './messages';

const NewPlan = ({ created }: { created: (id: string) => void }) => {
  const t = useMessages(moderationTexts).newPlan;
  const action = useAction();
  return (
    <details>
      <summary>{t.title}</summary>
      {action.error && (
        <p role="alert" class="error">
          {action.error}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const body = {
            title: field(form, 'title'),
            country: field(form, 'country').toUpperCase(),
            periodStart: field(form, 'periodStart'),
            periodEnd: field(form, 'periodEnd'),
            themes: field(form, 'themes')
              .split(',')
              .map((theme) => theme.trim())
              .filter(Boolean),
          };
          action.run('plan', async () => created((await answerOf(plansControllerCreate({ body }))).id));
        }}
      >
        <label>
          {t.name}
          <input name="title" required maxLength={200} />
        </label>
        <div class="grid">
          <label>
            {t.country}
            <input name="country" required minLength={2} maxLength={2} />
          </label>
          <label>
            {t.start}
            <input name="periodStart" type="date" required />
          </label>
          <label>
            {t.end}
            <input name="periodEnd" type="date" required />
          </label>
        </div>
        <label>
          {t.themes}
          <input name="themes" required />
        </label>
        <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'plan'}>
          {t.submit}
        </button>
      </form>
    </details>
  );
};

/** What moderators run: plans, working groups, decisions on proposals, consultations, comments. */
export const ModerationPage = () => {
  const t = useMessages(moderationTexts);
  const session = useSession();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const plans = useRead(() => answerOf(plansControllerList()), ['plans', version]);
  const [chosen, setChosen] = useState<string>();
  const planId = chosen ?? plans.data?.[0]?.id;
  const details = useRead(async () => {
    if (!planId) return undefined;
    const query = { query: { planId } };
    const [groups, proposals, consultations] = await Promise.all([
      answerOf(workingGroupsControllerList(query)),
      answerOf(proposalsControllerList(query)),
      answerOf(consultationsControllerList(query)),
    ]);
    return { groups, proposals, consultations };
  }, [planId, version]);
  if (!session.ready) return null;
  if (!session.has('moderator', 'admin')) return <p role="alert">{t.forModerators}</p>;
  const plan = plans.data?.find((candidate) => candidate.id === planId);
  return (
    <>
      <h1>{t.title}</h1>
      <ReadState read={plans}>
        {(list) => (
          <>
            {list.length > 0 && (
              <label>
                {t.plan}
                <select name="plan" value={planId} onChange={(event) => setChosen(event.currentTarget.value)}>
                  {list.map((option) => (
                    <option value={option.id}>{option.title}</option>
                  ))}
                </select>
              </label>
            )}
            <NewPlan
              created={(id) => {
                setChosen(id);
                changed();
              }}
            />
          </>
        )}
      </ReadState>
      {plan && details.data && (
        <>
          <Decisions proposals={details.data.proposals} changed={changed} />
          <Consultations plan={plan} consultations={details.data.consultations} proposals={details.data.proposals} changed={changed} />
          <Groups plan={plan} groups={details.data.groups} changed={changed} />
          <CommentModeration proposals={details.data.proposals.filter((proposal) => proposal.status !== 'draft')} />
        </>
      )}
    </>
  );
};
