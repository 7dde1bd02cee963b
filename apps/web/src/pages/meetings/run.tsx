import { useState } from 'preact/hooks';
import {
  type AttendanceCountsDto,
  type CheckInDto,
  type MeetingDetailDto,
  type MinutesDto,
  type OpenPollDto,
  type PollResultsDto,
  type PollViewDto,
  type ProposalViewDto,
  type QuestionViewDto,
  answerOf,
  meetingsControllerAnswer,
  meetingsControllerApprove,
  meetingsControllerAttend,
  meetingsControllerAttendees,
  meetingsControllerCancel,
  meetingsControllerClose,
  meetingsControllerClosePoll,
  meetingsControllerCurrent,
  meetingsControllerMinutes,
  meetingsControllerPoll,
  meetingsControllerQuestions,
  meetingsControllerReject,
  meetingsControllerStart,
  proposalsControllerList,
} from '../../api';
import { field, useAction } from '../../components/action';
import { ReadState } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { type QueueItem, useLiveMeeting, useRunsMeeting } from './live-meeting';
import { meetingTexts } from './messages';
import { Agenda, Attendance, CurrentItem, MeetingHeading, Minutes, PollResults, QuestionItem } from './parts';

type Action = ReturnType<typeof useAction>;
/** What a command's answer goes to: the page reads the meeting again as of it. */
type Wrote = (answer: { position: number }) => void;

const Refusal = ({ action }: { action: Action }) =>
  action.error ? (
    <p role="alert" class="error">
      {action.error}
    </p>
  ) : null;

/** Starting a scheduled meeting, or cancelling it with a reason. */
const Lifecycle = ({ meeting, wrote }: { meeting: MeetingDetailDto; wrote: Wrote }) => {
  const t = useMessages(meetingTexts);
  const action = useAction();
  if (meeting.status !== 'scheduled') return null;
  return (
    <div>
      <Refusal action={action} />
      <button
        type="button"
        disabled={action.busy !== undefined}
        aria-busy={action.busy === 'start'}
        onClick={() => action.run('start', () => answerOf(meetingsControllerStart({ path: { id: meeting.id } })).then(wrote))}
      >
        {t.start}
      </button>
      <details>
        <summary>{t.cancel.title}</summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const body = { reason: field(event.currentTarget, 'reason') };
            action.run('cancel', () => answerOf(meetingsControllerCancel({ path: { id: meeting.id }, body })).then(wrote));
          }}
        >
          <label>
            {t.cancel.reason}
            <textarea name="reason" required maxLength={2000} rows={2} />
          </label>
          <button type="submit" class="secondary" disabled={action.busy !== undefined} aria-busy={action.busy === 'cancel'}>
            {t.cancel.submit}
          </button>
        </form>
      </details>
    </div>
  );
};

/** Checking people in (a walk-in without an account by name), the counts by sector, and who came. */
const CheckIns = ({ meeting, attendance }: { meeting: MeetingDetailDto; attendance: AttendanceCountsDto }) => {
  const t = useMessages(meetingTexts);
  const action = useAction();
  const [wrote, setWrote] = useState(0);
  const at = Math.max(attendance.position, wrote);
  const attendees = useRead(
    () => answerOf(meetingsControllerAttendees({ path: { id: meeting.id }, query: { minPosition: at } })),
    [meeting.id, at],
  );
  const open = meeting.status === 'scheduled' || meeting.status === 'in-progress';
  return (
    <section aria-labelledby="check-in">
      <h2 id="check-in">{t.checkIn.title}</h2>
      {open && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const name = field(form, 'name');
            const body: CheckInDto = {
              ...(name ? { name } : {}),
              organisation: field(form, 'organisation'),
              sector: field(form, 'sector') as CheckInDto['sector'],
            };
            action.run('check-in', async () => {
              setWrote((await answerOf(meetingsControllerAttend({ path: { id: meeting.id }, body }))).position);
              form.reset();
            });
          }}
        >
          <Refusal action={action} />
          <div class="grid">
            <label>
              {t.checkIn.name}
              <input name="name" maxLength={300} autoComplete="off" />
            </label>
            <label>
              {t.checkIn.organisation}
              <input name="organisation" required maxLength={300} autoComplete="off" />
            </label>
            <label>
              {t.checkIn.sector}
              <select name="sector">
                {Object.entries(t.sectors).map(([sector, label]) => (
                  <option value={sector}>{label}</option>
                ))}
              </select>
            </label>
          </div>
          <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'check-in'}>
            {t.checkIn.submitFor}
          </button>
        </form>
      )}
      <Attendance attendance={attendance} />
      {attendees.data && attendees.data.length > 0 && (
        <details>
          <summary>{t.checkIn.who}</summary>
          <ul data-testid="attendees">
            {attendees.data.map((attendee) => (
              <li>
                {attendee.name}{' '}
                <span class="meta">
                  ({attendee.organisation}, {t.sectors[attendee.sector]}, {t.checkIn.by[attendee.by]})
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
};

/** Opening a poll on the current item, closing one, and each poll's results as they come. */
const Polls = ({
  meeting,
  polls,
  wrote,
}: {
  meeting: MeetingDetailDto;
  polls: Array<PollViewDto & { tally: PollResultsDto }>;
  wrote: Wrote;
}) => {
  const t = useMessages(meetingTexts).polls;
  const action = useAction();
  // The form's choices are state: a re-render (a vote arriving) must not reset them.
  const [form, setForm] = useState<OpenPollDto['form']>('single');
  const itemTitle = (itemId: string) => meeting.agenda.find((item) => item.id === itemId)?.title ?? '';
  return (
    <section aria-labelledby="polls">
      <h2 id="polls">{t.title}</h2>
      <Refusal action={action} />
      {meeting.status === 'in-progress' && (
        <details>
          <summary>{t.open}</summary>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const element = event.currentTarget;
              const options = field(element, 'options')
                .split('\n')
                .map((option) => option.trim())
                .filter(Boolean);
              const body: OpenPollDto = {
                form,
                question: field(element, 'question'),
                ...(form === 'statement' ? {} : { options }),
                ...(form === 'multiple' ? { maxChoices: Number(field(element, 'maxChoices')) } : {}),
                results: field(element, 'results') as OpenPollDto['results'],
              };
              action.run('open', async () => {
                wrote(await answerOf(meetingsControllerPoll({ path: { id: meeting.id }, body })));
                element.reset();
                setForm('single');
              });
            }}
          >
            <div class="grid">
              <label>
                {t.form}
                <select name="form" value={form} onChange={(event) => setForm(event.currentTarget.value as OpenPollDto['form'])}>
                  {Object.entries(t.forms).map(([value, label]) => (
                    <option value={value}>{label}</option>
                  ))}
                </select>
              </label>
              <label>
                {t.visibility}
                <select name="results">
                  {Object.entries(t.visibilities).map(([value, label]) => (
                    <option value={value}>{label}</option>
                  ))}
                </select>
              </label>
            </div>
            <label>
              {t.question}
              <input name="question" required maxLength={1000} />
            </label>
            {form !== 'statement' && (
              <label>
                {t.options}
                <textarea name="options" required rows={3} />
              </label>
            )}
            {form === 'multiple' && (
              <label>
                {t.maxChoices}
                <input name="maxChoices" type="number" min={1} max={20} defaultValue="2" required />
              </label>
            )}
            <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'open'}>
              {t.submit}
            </button>
          </form>
        </details>
      )}
      {polls.length === 0 && <p>{t.none}</p>}
      {[...polls].reverse().map((poll) => (
        <article key={poll.id} data-poll-card={poll.id}>
          <header>
            <strong>{poll.question}</strong> <span class="meta">({itemTitle(poll.itemId)})</span>{' '}
            {poll.status === 'open' && (
              <button
                type="button"
                class="secondary outline"
                disabled={action.busy !== undefined}
                aria-busy={action.busy === poll.id}
                onClick={() =>
                  action.run(poll.id, () =>
                    answerOf(meetingsControllerClosePoll({ path: { id: meeting.id, pollId: poll.id } })).then(wrote),
                  )
                }
              >
                {t.close}
                <span class="visually-hidden"> {poll.question}</span>
              </button>
            )}
          </header>
          <PollResults poll={poll} results={poll.tally} />
        </article>
      ))}
    </section>
  );
};

/** The queue: pending questions approved or rejected with a reason, approved ones answered. */
const Queue = ({ meeting, approved, queuePosition }: { meeting: MeetingDetailDto; approved: QueueItem[]; queuePosition: number }) => {
  const t = useMessages(meetingTexts).questions;
  // Read again once the queue moves on, or this page's own decision is in.
  const [wrote, setWrote] = useState(0);
  const at = Math.max(queuePosition, wrote);
  const pending = useRead(
    () => answerOf(meetingsControllerQuestions({ path: { id: meeting.id }, query: { status: 'pending', minPosition: at } })),
    [meeting.id, at],
  );
  const action = useAction();
  const path = (question: Pick<QuestionViewDto, 'id'>) => ({ id: meeting.id, questionId: question.id });
  return (
    <section aria-labelledby="questions">
      <h2 id="questions">{t.title}</h2>
      <Refusal action={action} />
      <h3>{t.pending}</h3>
      <ReadState read={pending}>
        {(questions) =>
          questions.length === 0 ? (
            <p>{t.noPending}</p>
          ) : (
            <ul class="queue">
              {questions.map((question) => (
                <li key={question.id} data-pending={question.id}>
                  <mark>{t.kinds[question.kind]}</mark> {question.text} <span class="meta">{t.by(question.authorName)}</span>
                  <form
                    onSubmit={(event) => {
                      event.preventDefault();
                      const form = event.currentTarget;
                      const approve = (event.submitter as HTMLButtonElement | null)?.value === 'approve';
                      const reason = field(form, 'reason');
                      action.run(question.id, async () => {
                        const decided = await answerOf(
                          approve
                            ? meetingsControllerApprove({ path: path(question), body: reason ? { reason } : {} })
                            : meetingsControllerReject({ path: path(question), body: { reason } }),
                        );
                        setWrote(decided.position);
                      });
                    }}
                  >
                    <label>
                      {t.reason}
                      <input name="reason" maxLength={2000} autoComplete="off" />
                    </label>
                    <div role="group">
                      <button type="submit" value="approve" disabled={action.busy !== undefined} aria-busy={action.busy === question.id}>
                        {t.approve}
                      </button>
                      <button type="submit" value="reject" class="secondary" disabled={action.busy !== undefined}>
                        {t.reject}
                      </button>
                    </div>
                  </form>
                </li>
              ))}
            </ul>
          )
        }
      </ReadState>
      <h3>{t.approved}</h3>
      {approved.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="queue">
          {approved.map((question) => (
            <QuestionItem key={question.id} question={question}>
              {!question.answer && (
                <form
                  class="grid"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const body = { answer: field(event.currentTarget, 'answer') };
                    action.run(`answer/${question.id}`, () => answerOf(meetingsControllerAnswer({ path: path(question), body })));
                  }}
                >
                  <label>
                    {t.answer}
                    <input name="answer" required maxLength={1000} autoComplete="off" />
                  </label>
                  <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === `answer/${question.id}`}>
                    {t.markAnswered}
                  </button>
                </form>
              )}
            </QuestionItem>
          ))}
        </ul>
      )}
    </section>
  );
};

/** The minutes: a summary and agreements (text, responsible entity, due date, maybe a proposal); with the close, or after it. */
const MinutesForm = ({ meeting, wrote }: { meeting: MeetingDetailDto; wrote: Wrote }) => {
  const t = useMessages(meetingTexts).close;
  const action = useAction();
  const proposals = useRead(() => answerOf(proposalsControllerList({ query: { planId: meeting.planId } })), [meeting.planId]);
  const [agreements, setAgreements] = useState<number[]>([0]);
  const [next, setNext] = useState(1);
  const closing = meeting.status === 'in-progress';
  if (!closing && (meeting.status !== 'closed' || meeting.minutes)) return null;
  const linkable: ProposalViewDto[] = (proposals.data ?? []).filter((proposal) => proposal.status !== 'withdrawn');
  return (
    <section aria-labelledby="close">
      <h2 id="close">{t.title}</h2>
      {!closing && <p>{t.recordIntro}</p>}
      <Refusal action={action} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const minutes: MinutesDto = {
            summary: field(form, 'summary'),
            agreements: agreements
              .map((key) => ({
                text: field(form, `text-${key}`),
                responsibleEntity: field(form, `responsible-${key}`),
                dueDate: field(form, `due-${key}`),
                proposalId: field(form, `proposal-${key}`) || undefined,
              }))
              .filter((agreement) => agreement.text),
          };
          action.run('close', () =>
            answerOf(
              closing
                ? meetingsControllerClose({ path: { id: meeting.id }, body: { minutes } })
                : meetingsControllerMinutes({ path: { id: meeting.id }, body: minutes }),
            ).then(wrote),
          );
        }}
      >
        <label>
          {t.summary}
          <textarea name="summary" rows={3} maxLength={10000} />
        </label>
        {agreements.map((key, index) => (
          <fieldset key={key} data-agreement-form={index + 1}>
            <legend>{t.agreement(index + 1)}</legend>
            <label>
              {t.text}
              <textarea name={`text-${key}`} rows={2} maxLength={2000} required />
            </label>
            <div class="grid">
              <label>
                {t.responsible}
                <input name={`responsible-${key}`} maxLength={300} required />
              </label>
              <label>
                {t.due}
                <input name={`due-${key}`} type="date" required />
              </label>
            </div>
            <label>
              {t.proposal}
              <select name={`proposal-${key}`}>
                <option value="">{t.noProposal}</option>
                {linkable.map((proposal) => (
                  <option value={proposal.id}>{proposal.title}</option>
                ))}
              </select>
            </label>
            <button type="button" class="secondary outline" onClick={() => setAgreements(agreements.filter((other) => other !== key))}>
              {t.remove(index + 1)}
            </button>
          </fieldset>
        ))}
        <div role="group">
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setAgreements([...agreements, next]);
              setNext(next + 1);
            }}
          >
            {t.add}
          </button>
          <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'close'}>
            {closing ? t.submit : t.record}
          </button>
        </div>
      </form>
    </section>
  );
};

/** A meeting for those who run it: start, the agenda, check-in, polls, the queue, the close with minutes, live. */
export const RunMeetingPage = ({ id }: { id: string }) => {
  const t = useMessages(meetingTexts);
  const session = useSession();
  const { read, wrote, polls, approved, queuePosition, attendance } = useLiveMeeting(id);
  const runs = useRunsMeeting(read.data);
  const action = useAction();
  if (!session.ready) return null;
  return (
    <ReadState read={read}>
      {(meeting) => (
        <>
          <MeetingHeading meeting={meeting} />
          <p>
            <a href={`/meetings/${id}`}>{t.attendeeView}</a> · <a href={`/meetings/${id}/projector`}>{t.projector}</a>
          </p>
          {!runs ? (
            <p role="alert">{t.forRunners}</p>
          ) : (
            <>
              {meeting.status === 'cancelled' && meeting.cancelReason && <p class="notice">{t.cancelled(meeting.cancelReason)}</p>}
              <Lifecycle meeting={meeting} wrote={wrote} />
              <CurrentItem meeting={meeting} />
              <Refusal action={action} />
              <Agenda
                meeting={meeting}
                action={(item) =>
                  meeting.status === 'in-progress' &&
                  item.id !== meeting.currentItemId && (
                    <button
                      type="button"
                      class="outline"
                      disabled={action.busy !== undefined}
                      aria-busy={action.busy === item.id}
                      aria-label={`${t.moveTo}: ${item.title}`}
                      onClick={() =>
                        action.run(item.id, () =>
                          answerOf(meetingsControllerCurrent({ path: { id: meeting.id }, body: { item: item.id } })),
                        )
                      }
                    >
                      {t.moveTo}
                    </button>
                  )
                }
              />
              {attendance && <CheckIns meeting={meeting} attendance={attendance} />}
              <Polls meeting={meeting} polls={polls} wrote={wrote} />
              <Queue meeting={meeting} approved={approved} queuePosition={queuePosition} />
              <MinutesForm meeting={meeting} wrote={wrote} />
              <Minutes meeting={meeting} />
            </>
          )}
        </>
      )}
    </ReadState>
  );
};
