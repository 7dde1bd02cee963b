import {
  answerOf,
  commitmentsControllerList,
  consultationsControllerList,
  plansControllerGet,
  proposalsControllerList,
  workingGroupsControllerList,
} from '../../api';
import { ReadState, Status } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { useRead } from '../../use-read';
import { PlanMeetings } from '../meetings/plan-meetings';
import { portal } from './messages';
import { NewProposal } from './new-proposal';

/** One plan: its themes and phase, its groups, proposals, consultations, meetings and commitments, its open data. */
export const PlanPage = ({ id }: { id: string }) => {
  const t = useMessages(portal).plan;
  const shared = useMessages(common);
  const read = useRead(async () => {
    const query = { query: { planId: id } };
    const [plan, groups, proposals, consultations, commitments] = await Promise.all([
      answerOf(plansControllerGet({ path: { id } })),
      answerOf(workingGroupsControllerList(query)),
      answerOf(proposalsControllerList(query)),
      answerOf(consultationsControllerList(query)),
      answerOf(commitmentsControllerList(query)),
    ]);
    return { plan, groups, proposals, consultations, commitments };
  }, [id]);
  return (
    <ReadState read={read}>
      {({ plan, groups, proposals, consultations, commitments }) => (
        <>
          <hgroup>
            <h1>{plan.title}</h1>
            <p>
              {t.phase}: <Status status={plan.phase} /> · {t.themes}: {plan.themes.join(', ')}
            </p>
          </hgroup>
          <section aria-labelledby="groups">
            <h2 id="groups">{t.workingGroups}</h2>
            {groups.length === 0 ? (
              <p>{shared.none}</p>
            ) : (
              <ul>
                {groups.map((group) => (
                  <li>
                    {group.name}{' '}
                    <span class="meta">
                      ({group.theme}, {t.members(group.members.length)})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="proposals">
            <h2 id="proposals">{t.proposals}</h2>
            <NewProposal plan={plan} groups={groups} />
            {proposals.length === 0 ? (
              <p>{shared.none}</p>
            ) : (
              <ul>
                {proposals.map((proposal) => (
                  <li>
                    <a href={`/proposals/${proposal.id}`}>{proposal.title}</a> <Status status={proposal.status} />{' '}
                    <span class="meta">
                      {t.lead}: {proposal.leadEntity}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="consultations">
            <h2 id="consultations">{t.consultations}</h2>
            {consultations.length === 0 ? (
              <p>{shared.none}</p>
            ) : (
              <ul>
                {consultations.map((consultation) => (
                  <li>
                    <a href={`/consultations/${consultation.id}`}>{consultation.title}</a> <Status status={consultation.status} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <PlanMeetings plan={plan} groups={groups} />
          <section aria-labelledby="commitments">
            <h2 id="commitments">{t.commitments}</h2>
            {commitments.length === 0 ? (
              <p>{shared.none}</p>
            ) : (
              <ul>
                {commitments.map((commitment) => (
                  <li>
                    <a href={`/commitments/${commitment.id}`}>{commitment.title}</a> <Status status={commitment.completion} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="open-data">
            <h2 id="open-data">{t.openData}</h2>
            <p>
              <a href={`/api/plans/${plan.id}/export.csv`} download>
                {t.downloadCsv}
              </a>{' '}
              ·{' '}
              <a href={`/api/plans/${plan.id}/export.json`} download>
                {t.downloadJson}
              </a>
            </p>
          </section>
        </>
      )}
    </ReadState>
  );
};
