import { answerOf, commitmentsControllerGet, traceControllerTrace } from '../../api';
import { ReadState, Status } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { useRead } from '../../use-read';
import { Comments } from './comments';
import { portal } from './messages';

/** A commitment: its milestones and progress, and the trace of how it was decided, as a timeline. */
export const CommitmentPage = ({ id }: { id: string }) => {
  const t = useMessages(portal).commitment;
  const shared = useMessages(common);
  const format = useFormat();
  const read = useRead(async () => {
    const [commitment, trace] = await Promise.all([
      answerOf(commitmentsControllerGet({ path: { id } })),
      answerOf(traceControllerTrace({ path: { commitmentId: id } })).catch(() => undefined),
    ]);
    return { commitment, trace };
  }, [id]);
  return (
    <ReadState read={read}>
      {({ commitment, trace }) => (
        <>
          <hgroup>
            <h1>{commitment.title}</h1>
            <p>
              {commitment.leadEntity} · {t.completion}: <Status status={commitment.completion} /> ·{' '}
              <a href={`/proposals/${commitment.proposalId}`}>{t.fromProposal}</a>
            </p>
          </hgroup>
          <section aria-labelledby="milestones">
            <h2 id="milestones">{t.milestones}</h2>
            {commitment.milestones.length === 0 ? (
              <p>{shared.none}</p>
            ) : (
              <div class="overflow-auto">
                <table>
                  <tbody>
                    {commitment.milestones.map((milestone) => (
                      <tr>
                        <th scope="row">{milestone.title}</th>
                        <td>{t.dates(format.date(milestone.startDate), format.date(milestone.endDate))}</td>
                        <td>
                          <Status status={milestone.completion} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="progress">
            <h2 id="progress">{t.progress}</h2>
            {commitment.progress.length === 0 ? (
              <p>{shared.none}</p>
            ) : (
              <ul>
                {commitment.progress.map((report) => (
                  <li>
                    <Status status={report.completion} /> {report.note}{' '}
                    <span class="meta">
                      · {report.reporterName} · {format.date(report.reportedAt)}
                    </span>
                    {report.evidenceUrl && /^https?:\/\//i.test(report.evidenceUrl) && (
                      <>
                        {' '}
                        ·{' '}
                        <a href={report.evidenceUrl} rel="noopener noreferrer">
                          {t.evidence}
                        </a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {trace && (
            <section aria-labelledby="trace">
              <h2 id="trace">{t.trace}</h2>
              <p>{t.traceIntro}</p>
              <ol class="timeline" data-testid="trace">
                {trace.steps.map((step) => (
                  <li>
                    <strong>{t.stages[step.stage] ?? step.stage}</strong> · {format.dateTime(step.at)}
                    {step.actor.name ? ` · ${step.actor.name}` : ''}
                    {step.meetingId &&
                      step.agreements?.map((agreement) => (
                        <>
                          <br />
                          <a href={`/meetings/${step.meetingId}`}>{agreement.text}</a> · {agreement.responsibleEntity} ·{' '}
                          {format.date(agreement.dueDate)}
                        </>
                      ))}
                    <br />
                    <small class="meta">
                      {t.position(step.position)} · <code>{step.hash.slice(0, 16)}…</code>
                    </small>
                  </li>
                ))}
              </ol>
            </section>
          )}
          <Comments targetType="commitment" targetId={commitment.id} version={0} />
        </>
      )}
    </ReadState>
  );
};
