import {
  type ConsultationViewDto,
  type PlanViewDto,
  type ProposalViewDto,
  answerOf,
  consultationsControllerClose,
  consultationsControllerCreate,
  consultationsControllerOpen,
  consultationsControllerPause,
} from '../../api';
import { useState } from 'preact/hooks';
import { field, useAction } from '../../components/action';
import { Status } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { moderationTexts } from './messages';

const LIFECYCLE = { open: consultationsControllerOpen, pause: consultationsControllerPause, close: consultationsControllerClose };
/** Which moves each status allows (the server checks them too). */
const MOVES: Record<ConsultationViewDto['status'], Array<keyof typeof LIFECYCLE>> = {
  scheduled: ['open', 'close'],
  open: ['pause', 'close'],
  paused: ['open', 'close'],
  closed: [],
};
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The plan's consultations: scheduling one, and opening, pausing and closing them. */
export const Consultations = ({
  plan,
  consultations,
  proposals,
  changed,
}: {
  plan: PlanViewDto;
  consultations: ConsultationViewDto[];
  proposals: ProposalViewDto[];
  changed: () => void;
}) => {
  const t = useMessages(moderationTexts).consultations;
  const action = useAction(changed);
  const submitted = proposals.filter((proposal) => proposal.status === 'submitted');
  // The form's choices are state: a re-render (a command finishing) must not reset them.
  const [excluded, setExcluded] = useState<string[]>([]);
  const [maxVotes, setMaxVotes] = useState(1);
  const [allowRetraction, setAllowRetraction] = useState(true);
  return (
    <section aria-labelledby="moderation-consultations">
      <h2 id="moderation-consultations">{t.title}</h2>
      {action.error && (
        <p role="alert" class="error">
          {action.error}
        </p>
      )}
      <ul>
        {consultations.map((consultation) => (
          <li data-consultation={consultation.id}>
            <a href={`/consultations/${consultation.id}`}>{consultation.title}</a> <Status status={consultation.status} />{' '}
            {MOVES[consultation.status].map((move) => (
              <button
                type="button"
                class="outline"
                disabled={action.busy !== undefined}
                aria-busy={action.busy === `${consultation.id}/${move}`}
                onClick={() => action.run(`${consultation.id}/${move}`, () => answerOf(LIFECYCLE[move]({ path: { id: consultation.id } })))}
              >
                {t[move]}
                <span class="visually-hidden"> {consultation.title}</span>
              </button>
            ))}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t.new}</summary>
        {submitted.length === 0 ? (
          <p>{t.noProposals}</p>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const form = event.currentTarget;
              const body = {
                planId: plan.id,
                title: field(form, 'title'),
                proposalIds: submitted.map((proposal) => proposal.id).filter((id) => !excluded.includes(id)),
                rules: {
                  maxVotesPerParticipant: maxVotes,
                  allowRetraction,
                  tallyVisibility: field(form, 'visibility') as 'live' | 'turnout-only' | 'after-close',
                },
                opensAt: instant(field(form, 'opensAt')),
                closesAt: instant(field(form, 'closesAt')),
              };
              action.run('new', async () => {
                await answerOf(consultationsControllerCreate({ body }));
                form.reset();
              });
            }}
          >
            <label>
              {t.name}
              <input name="title" required maxLength={200} />
            </label>
            <fieldset>
              <legend>{t.proposals}</legend>
              {submitted.map((proposal) => (
                <label>
                  <input
                    type="checkbox"
                    name="proposalIds"
                    value={proposal.id}
                    checked={!excluded.includes(proposal.id)}
                    onChange={(event) =>
                      setExcluded(event.currentTarget.checked ? excluded.filter((id) => id !== proposal.id) : [...excluded, proposal.id])
                    }
                  />
                  {proposal.title}
                </label>
              ))}
            </fieldset>
            <div class="grid">
              <label>
                {t.maxVotes}
                <input
                  name="maxVotes"
                  type="number"
                  min={1}
                  max={submitted.length}
                  value={maxVotes}
                  onInput={(event) => setMaxVotes(Number(event.currentTarget.value))}
                  required
                />
              </label>
              <label>
                {t.visibility}
                <select name="visibility">
                  {Object.entries(t.visibilities).map(([value, label]) => (
                    <option value={value}>{label}</option>
                  ))}
                </select>
              </label>
            </div>
            <label>
              <input
                type="checkbox"
                name="allowRetraction"
                role="switch"
                checked={allowRetraction}
                onChange={(event) => setAllowRetraction(event.currentTarget.checked)}
              />
              {t.retraction}
            </label>
            <div class="grid">
              <label>
                {t.opensAt}
                <input name="opensAt" type="datetime-local" />
              </label>
              <label>
                {t.closesAt}
                <input name="closesAt" type="datetime-local" />
              </label>
            </div>
            <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'new'}>
              {t.create}
            </button>
          </form>
        )}
      </details>
    </section>
  );
};
