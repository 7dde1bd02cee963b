import { useState } from 'preact/hooks';
import {
  type AgreementViewDto,
  answerOf,
  meetingsControllerGet,
  proposalsControllerDiff,
  proposalsControllerGet,
  proposalsControllerHistory,
  type ProposalHistoryEntryDto,
  type ProposalViewDto,
} from '../../api';
import { ReadState, Status } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { useRoom } from '../../live';
import { useSession } from '../../session';
import { useFirstFor, useRead, useVersion } from '../../use-read';
import { Comments } from './comments';
import { ProposalActions } from './proposal-actions';
import { portal } from './messages';

export const SECTIONS = ['problem', 'baseline', 'objective', 'description', 'ambition', 'milestones'] as const;

/** The proposal's sections as text, each under its name, those written only (the editor's read-only view too). */
export const Sections = ({ proposal }: { proposal: ProposalViewDto }) => {
  const t = useMessages(portal).proposal;
  return (
    <div class="sections">
      {SECTIONS.filter((section) => proposal.sections[section]).map((section) => (
        <article data-section={section}>
          <header>
            <h2>{t.sections[section]}</h2>
          </header>
          <p style={{ whiteSpace: 'pre-wrap' }}>{proposal.sections[section]}</p>
        </article>
      ))}
    </div>
  );
};

/** Revisions `from` → `to` of a proposal, field by field, as the server's diff tells them (the editor shows it too). */
export const Diff = ({ proposalId, revision }: { proposalId: string; revision: number }) => {
  const t = useMessages(portal).proposal;
  const [range, setRange] = useState({ from: Math.max(1, revision - 1), to: revision });
  const diff = useRead(
    () => answerOf(proposalsControllerDiff({ path: { id: proposalId }, query: range })),
    [proposalId, range.from, range.to],
  );
  const revisions = Array.from({ length: revision }, (_, index) => index + 1);
  const select = (name: 'from' | 'to', label: string) => (
    <label>
      {label}
      <select name={name} value={range[name]} onChange={(event) => setRange({ ...range, [name]: Number(event.currentTarget.value) })}>
        {revisions.map((revision) => (
          <option value={revision}>{revision}</option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="diff">
      <h2 id="diff">{t.diff}</h2>
      <div class="grid">
        {select('from', t.from)}
        {select('to', t.to)}
      </div>
      <ReadState read={diff}>
        {(answer) => {
          const fields = Object.entries(answer.changes);
          if (fields.length === 0) return <p>{t.unchanged}</p>;
          return (
            <dl>
              {fields.map(([field, change]) => (
                <>
                  <dt>{field === 'title' ? t.title : (t.sections[field] ?? field)}</dt>
                  <dd>
                    {change.before !== null && <del class="diff">{change.before}</del>}{' '}
                    {change.after !== null && <ins class="diff">{change.after}</ins>}
                  </dd>
                </>
              ))}
            </dl>
          );
        }}
      </ReadState>
    </section>
  );
};

const MEETING_STREAM = /^meeting-(.+)$/;
/** The meeting whose minutes an entry is (an event of another stream that mentions the proposal), if it is one. */
const meetingOf = (entry: ProposalHistoryEntryDto) =>
  entry.type === 'MinutesRecorded' ? MEETING_STREAM.exec(entry.streamId)?.[1] : undefined;

/**
 * Every event of a proposal, read from the log: what happened, at which revision, by whom and when; and the
 * agreements on it of meetings' minutes, each linking to its meeting.
 */
export const History = ({ proposalId, history }: { proposalId: string; history: ProposalHistoryEntryDto[] }) => {
  const t = useMessages(portal).proposal;
  const shared = useMessages(common);
  const format = useFormat();
  const meetingIds = [...new Set(history.map(meetingOf).filter((id): id is string => id !== undefined))];
  const meetings = useRead(
    () => Promise.all(meetingIds.map((id) => answerOf(meetingsControllerGet({ path: { id } })).catch(() => undefined))),
    [meetingIds.join(',')],
  );
  const titleOf = (id: string) => meetings.data?.find((meeting) => meeting?.id === id)?.title ?? t.aMeeting;
  const when = (entry: ProposalHistoryEntryDto) => (
    <>
      {entry.actor.name ? ` · ${t.by(entry.actor.name)}` : ''} · <span class="meta">{format.dateTime(entry.time)}</span>
    </>
  );
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t.history}</h2>
      <ol class="timeline">
        {history.map((entry) => {
          const meetingId = meetingOf(entry);
          if (meetingId === undefined) {
            return (
              <li>
                <strong>{t.events[entry.type] ?? entry.type}</strong> · {shared.revision(entry.revision)}
                {when(entry)}
              </li>
            );
          }
          const agreements = ((entry.data.agreements ?? []) as AgreementViewDto[]).filter(
            (agreement) => agreement.proposalId === proposalId,
          );
          return agreements.map((agreement) => (
            <li data-agreement={agreement.agreementId}>
              <strong>
                {t.agreementOf} «<a href={`/meetings/${meetingId}`}>{titleOf(meetingId)}</a>»
              </strong>
              : {agreement.text} · {t.responsible(agreement.responsibleEntity, format.date(agreement.dueDate))}
              {when(entry)}
            </li>
          ));
        })}
      </ol>
    </section>
  );
};

/** A proposal as anyone can read it: its sections, status, history, changes and comments; live for the signed in. */
export const ProposalPage = ({ id }: { id: string }) => {
  const t = useMessages(portal).proposal;
  const shared = useMessages(common);
  const session = useSession();
  const [version, bump] = useVersion();
  const read = useRead(async () => {
    const [proposal, history] = await Promise.all([
      answerOf(proposalsControllerGet({ path: { id } })),
      answerOf(proposalsControllerHistory({ path: { id } })),
    ]);
    return { proposal, history };
  }, [id, version]);
  // Signed in, the page follows the proposal's room: an edit, a decision or a comment shows at once.
  const followedFrom = useFirstFor(id, read.data?.proposal.position);
  useRoom(session.user ? `proposal:${id}` : undefined, followedFrom, { event: bump });
  return (
    <ReadState read={read}>
      {({ proposal, history }) => (
        <>
          <hgroup>
            <h1>{proposal.title}</h1>
            <p>
              <Status status={proposal.status} /> · {shared.revision(proposal.revision)} · {proposal.leadEntity}
              {session.user && (proposal.status === 'draft' || proposal.status === 'submitted') ? (
                <>
                  {' '}
                  · <a href={`/proposals/${proposal.id}/edit`}>{t.edit}</a>
                </>
              ) : null}
            </p>
          </hgroup>
          <ProposalActions proposal={proposal} changed={bump} />
          {proposal.statusReason && (
            <p>
              <strong>{t.reason}:</strong> {proposal.statusReason}
            </p>
          )}
          <Sections proposal={proposal} />
          <History proposalId={proposal.id} history={history} />
          {proposal.revision > 1 && <Diff proposalId={proposal.id} revision={proposal.revision} />}
          <Comments targetType="proposal" targetId={proposal.id} version={version} />
        </>
      )}
    </ReadState>
  );
};
