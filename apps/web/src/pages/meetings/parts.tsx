import type { ComponentChildren } from 'preact';
import {
  type AgendaItemViewDto,
  type AttendanceCountsDto,
  type MeetingDetailDto,
  type PollResultsDto,
  type PollViewDto,
  answerOf,
  proposalsControllerList,
} from '../../api';
import { Bars } from '../../components/bars';
import { Status } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { useRead } from '../../use-read';
import { meetingTexts } from './messages';
import type { QueueItem } from './live-meeting';

/** The meeting's title, kind, status, time and place: the head of each of its pages. */
export const MeetingHeading = ({ meeting, children }: { meeting: MeetingDetailDto; children?: ComponentChildren }) => {
  const t = useMessages(meetingTexts);
  const format = useFormat();
  return (
    <hgroup>
      <h1>{meeting.title}</h1>
      <p>
        {t.kinds[meeting.kind] ?? meeting.kind} · <Status status={meeting.status} /> ·{' '}
        {t.when(format.dateTime(meeting.startsAt), format.time(meeting.endsAt))} {children}
      </p>
    </hgroup>
  );
};

/** The option a poll's choice names, in words: a statement's agree, disagree and pass in the interface's language. */
export const useOptionLabel = () => {
  const t = useMessages(meetingTexts).polls;
  return (poll: Pick<PollViewDto, 'form' | 'options'>, optionId: string) =>
    poll.form === 'statement'
      ? (t.statement[optionId] ?? optionId)
      : (poll.options.find((option) => option.optionId === optionId)?.label ?? optionId);
};

/** The item under way and its time box, or that the meeting has not started. */
export const CurrentItem = ({ meeting }: { meeting: MeetingDetailDto }) => {
  const t = useMessages(meetingTexts);
  const format = useFormat();
  const item = meeting.agenda.find((candidate) => candidate.id === meeting.currentItemId);
  return (
    <section aria-labelledby="current-item" aria-live="polite" data-testid="current-item">
      <h2 id="current-item">{t.current}</h2>
      {item && meeting.status === 'in-progress' ? (
        <p>
          <strong>{item.title}</strong>{' '}
          <span class="meta">({item.startedAt ? t.timeBox(item.minutes, format.time(item.startedAt)) : t.minutes(item.minutes)})</span>
        </p>
      ) : (
        <p>{meeting.status === 'scheduled' ? t.noCurrent : <Status status={meeting.status} />}</p>
      )}
    </section>
  );
};

/** The agenda in order with each item's time box, the current one marked; `action` adds what a runner does on an item. */
export const Agenda = ({ meeting, action }: { meeting: MeetingDetailDto; action?: (item: AgendaItemViewDto) => ComponentChildren }) => {
  const t = useMessages(meetingTexts);
  return (
    <section aria-labelledby="agenda">
      <h2 id="agenda">{t.agenda}</h2>
      <ol class="agenda">
        {meeting.agenda.map((item) => {
          const current = meeting.status === 'in-progress' && item.id === meeting.currentItemId;
          return (
            <li key={item.id} data-item={item.id} aria-current={current ? 'step' : undefined} class={current ? 'current' : undefined}>
              {current ? <strong>{item.title}</strong> : item.title} <span class="meta">({t.minutes(item.minutes)})</span>
              {item.description && <div class="meta">{item.description}</div>} {action?.(item)}
            </li>
          );
        })}
      </ol>
    </section>
  );
};

/** Attendance by sector (never who): the total and a count per sector. */
export const Attendance = ({ attendance }: { attendance: Pick<AttendanceCountsDto, 'total' | 'bySector'> }) => {
  const t = useMessages(meetingTexts);
  return (
    <div aria-live="polite">
      <p data-testid="attendance-total">{t.checkIn.total(attendance.total)}</p>
      <table>
        <caption class="visually-hidden">{t.checkIn.bySector}</caption>
        <tbody>
          {Object.entries(t.sectors).map(([sector, label]) => (
            <tr data-sector={sector}>
              <th scope="row">{label}</th>
              <td>{attendance.bySector[sector as keyof AttendanceCountsDto['bySector']] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** A poll's results as bars (the consultation's), or why they are hidden until it closes; how many voted always. */
export const PollResults = ({ poll, results }: { poll: PollViewDto; results: PollResultsDto }) => {
  const t = useMessages(meetingTexts).polls;
  const label = useOptionLabel();
  return (
    <div aria-live="polite" data-results={poll.id} data-position={results.position}>
      <p data-testid="voters">{t.voters(results.voters)}</p>
      {results.votes ? (
        <Bars
          kind="option"
          count={t.votes}
          bars={results.votes.map((option) => ({ id: option.optionId, label: label(poll, option.optionId), votes: option.votes }))}
        />
      ) : (
        <p>{t.hidden}</p>
      )}
    </div>
  );
};

/** An approved question or contribution: its kind, text, author, upvotes and answer; `children` what one does on it. */
export const QuestionItem = ({ question, children }: { question: QueueItem; children?: ComponentChildren }) => {
  const t = useMessages(meetingTexts).questions;
  return (
    <li data-question={question.id}>
      <mark>{t.kinds[question.kind]}</mark> {question.text} <span class="meta">{t.by(question.authorName)}</span> ·{' '}
      <strong data-testid="upvotes">{t.upvotes(question.upvotes)}</strong>
      {question.answer && <p class="answer">{t.answered(question.answer.text, question.answer.by)}</p>}
      {children}
    </li>
  );
};

/** The minutes: the summary and each agreement, with its responsible entity, due date and the proposal it is on. */
export const Minutes = ({ meeting }: { meeting: MeetingDetailDto }) => {
  const t = useMessages(meetingTexts).close;
  const format = useFormat();
  const linked = !!meeting.minutes?.agreements.some((agreement) => agreement.proposalId);
  const proposals = useRead(
    () => (linked ? answerOf(proposalsControllerList({ query: { planId: meeting.planId } })) : Promise.resolve([])),
    [meeting.planId, linked],
  );
  const proposalTitle = (id: string) => proposals.data?.find((proposal) => proposal.id === id)?.title;
  if (!meeting.minutes) return null;
  return (
    <section aria-labelledby="minutes">
      <h2 id="minutes">{t.minutes}</h2>
      {meeting.minutes.summary && <p style={{ whiteSpace: 'pre-wrap' }}>{meeting.minutes.summary}</p>}
      {meeting.minutes.agreements.length > 0 && (
        <ol aria-label={t.agreements}>
          {meeting.minutes.agreements.map((agreement) => (
            <li key={agreement.agreementId} data-agreement={agreement.agreementId}>
              <strong>{agreement.text}</strong>{' '}
              <span class="meta">{t.agreementLine(agreement.responsibleEntity, format.date(agreement.dueDate))}</span>
              {agreement.proposalId && (
                <>
                  {' '}
                  · {t.onProposal}{' '}
                  <a href={`/proposals/${agreement.proposalId}`}>{proposalTitle(agreement.proposalId) ?? agreement.proposalId}</a>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
};
