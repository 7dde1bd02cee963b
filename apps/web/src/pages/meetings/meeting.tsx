import { useEffect, useState } from 'preact/hooks';
import {
  type CheckInDto,
  type MeetingDetailDto,
  type PollResultsDto,
  type PollViewDto,
  answerOf,
  meetingsControllerAsk,
  meetingsControllerAttend,
  meetingsControllerMine,
  meetingsControllerMyVote,
  meetingsControllerUpvote,
  meetingsControllerVote,
} from '../../api';
import { field, useAction } from '../../components/action';
import { ReadState } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { useSession } from '../../session';
import { useRead, useVersion } from '../../use-read';
import { type QueueItem, useLiveMeeting, useRunsMeeting } from './live-meeting';
import { meetingTexts } from './messages';
import { Agenda, CurrentItem, MeetingHeading, Minutes, PollResults, QuestionItem, useOptionLabel } from './parts';

/** What this person did in the meeting (checked in, their questions, their upvotes), from the server: on any device. */
const useMyPart = (meetingId: string, userId: string | undefined, position: number) => {
  const [version, reload] = useVersion(0);
  const read = useRead(
    () =>
      userId ? answerOf(meetingsControllerMine({ path: { id: meetingId }, query: { minPosition: position } })) : Promise.resolve(undefined),
    [meetingId, userId, position, version],
  );
  return { mine: read.data, reload };
};
type MyPart = ReturnType<typeof useMyPart>;

/** Checking oneself in: organisation and sector (the room sees counts by sector, never who). */
const CheckIn = ({ meeting, part }: { meeting: MeetingDetailDto; part: MyPart }) => {
  const t = useMessages(meetingTexts);
  const action = useAction();
  const open = meeting.status === 'scheduled' || meeting.status === 'in-progress';
  return (
    <section aria-labelledby="check-in">
      <h2 id="check-in">{t.checkIn.title}</h2>
      {part.mine?.checkedIn ? (
        <p role="status">{t.checkIn.done}</p>
      ) : !open ? (
        <p>{t.checkIn.closed}</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const body = { organisation: field(form, 'organisation'), sector: field(form, 'sector') as CheckInDto['sector'] };
            action.run('check-in', async () => {
              await answerOf(meetingsControllerAttend({ path: { id: meeting.id }, body }));
              part.reload();
            });
          }}
        >
          {action.error && (
            <p role="alert" class="error">
              {action.error}
            </p>
          )}
          <label>
            {t.checkIn.organisation}
            <input name="organisation" required maxLength={300} autoComplete="organization" />
          </label>
          <label>
            {t.checkIn.sector}
            <select name="sector">
              {Object.entries(t.sectors).map(([sector, label]) => (
                <option value={sector}>{label}</option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'check-in'}>
            {t.checkIn.submit}
          </button>
        </form>
      )}
    </section>
  );
};

/** Voting in an open poll: one option (a radio), or up to its limit (checkboxes); the vote one gave, changeable while open. */
const PollVote = ({ meetingId, poll }: { meetingId: string; poll: PollViewDto }) => {
  const t = useMessages(meetingTexts).polls;
  const label = useOptionLabel();
  const path = { id: meetingId, pollId: poll.id };
  const [position, setPosition] = useState(0);
  const mine = useRead(() => answerOf(meetingsControllerMyVote({ path, query: { minPosition: position } })), [poll.id, position]);
  const [chosen, setChosen] = useState<string[]>();
  const choices = chosen ?? mine.data?.choices ?? [];
  const action = useAction();
  const multiple = poll.form === 'multiple';
  const name = `poll-${poll.id}`;
  const voted = mine.data?.choices ?? [];
  return (
    <form
      data-poll={poll.id}
      onSubmit={(event) => {
        event.preventDefault();
        action.run(poll.id, async () => {
          const cast = await answerOf(meetingsControllerVote({ path, body: { choices } }));
          setChosen(undefined);
          setPosition(cast.position);
        });
      }}
    >
      <fieldset>
        <legend>
          <strong>{poll.question}</strong> <span class="meta">{t.chooseUpTo(poll.maxChoices)}</span>
        </legend>
        {poll.options.map((option) => {
          const checked = choices.includes(option.optionId);
          return (
            <label>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={name}
                value={option.optionId}
                checked={checked}
                disabled={multiple && !checked && choices.length >= poll.maxChoices}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  setChosen(
                    multiple ? (on ? [...choices, option.optionId] : choices.filter((id) => id !== option.optionId)) : [option.optionId],
                  );
                }}
              />
              {label(poll, option.optionId)}
            </label>
          );
        })}
      </fieldset>
      {action.error && (
        <p role="alert" class="error">
          {action.error}
        </p>
      )}
      {voted.length > 0 && (
        <p role="status" data-testid="my-vote">
          {t.yourVote(voted.map((optionId) => label(poll, optionId)).join(', '))}
        </p>
      )}
      <button type="submit" disabled={action.busy !== undefined || choices.length === 0} aria-busy={action.busy === poll.id}>
        {voted.length > 0 ? t.change : t.vote}
      </button>
    </form>
  );
};

/** The polls: voting in the open ones, and each one's results as its visibility allows. */
const Polls = ({
  meeting,
  polls,
  voter,
}: {
  meeting: MeetingDetailDto;
  polls: Array<PollViewDto & { tally: PollResultsDto }>;
  voter: boolean;
}) => {
  const t = useMessages(meetingTexts).polls;
  const shown = [...polls].reverse();
  return (
    <section aria-labelledby="polls">
      <h2 id="polls">{t.title}</h2>
      {shown.length === 0 && <p>{t.none}</p>}
      {shown.map((poll) => (
        <article key={poll.id} data-poll-card={poll.id}>
          {voter && poll.status === 'open' ? (
            <PollVote meetingId={meeting.id} poll={poll} />
          ) : (
            <header>
              <strong>{poll.question}</strong>
            </header>
          )}
          <PollResults poll={poll} results={poll.tally} />
        </article>
      ))}
    </section>
  );
};

/** Asking a question or making a contribution; the approved ones, upvoted once each, with their answers. */
const Questions = ({
  meeting,
  approved,
  queuePosition,
  userId,
  part,
}: {
  meeting: MeetingDetailDto;
  approved: QueueItem[];
  queuePosition: number;
  userId?: string;
  part: MyPart;
}) => {
  const t = useMessages(meetingTexts).questions;
  const [sent, setSent] = useState(false);
  const action = useAction();
  const open = meeting.status === 'scheduled' || meeting.status === 'in-progress';
  const mine = part.mine?.questions ?? [];
  const mineRejected = mine.filter((question) => question.status === 'rejected');
  const minePending = mine.filter((question) => question.status === 'pending');
  const upvoted = part.mine?.upvoted ?? [];
  return (
    <section aria-labelledby="questions">
      <h2 id="questions">{t.title}</h2>
      {userId && open && (
        <details>
          <summary>{t.ask}</summary>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const form = event.currentTarget;
              const body = { text: field(form, 'text'), kind: field(form, 'kind') as 'question' | 'contribution' };
              action.run('ask', async () => {
                await answerOf(meetingsControllerAsk({ path: { id: meeting.id }, body }));
                form.reset();
                setSent(true);
                part.reload();
              });
            }}
          >
            <fieldset>
              <legend>{t.kind}</legend>
              {Object.entries(t.kinds).map(([kind, label], index) => (
                <label>
                  <input type="radio" name="kind" value={kind} defaultChecked={index === 0} />
                  {label}
                </label>
              ))}
            </fieldset>
            <label>
              {t.text}
              <textarea name="text" required maxLength={1000} rows={3} onInput={() => setSent(false)} />
            </label>
            {action.error && (
              <p role="alert" class="error">
                {action.error}
              </p>
            )}
            {sent && <p role="status">{t.sent}</p>}
            <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'ask'}>
              {t.submit}
            </button>
          </form>
        </details>
      )}
      {minePending.map((question) => (
        <p key={question.id} class="meta" data-pending={question.id}>
          {t.awaiting(question.text ?? '')}
        </p>
      ))}
      {mineRejected.map((question) => (
        <p key={question.id} class="notice" data-rejected={question.id}>
          {t.rejected(question.decision?.reason ?? '')}
        </p>
      ))}
      {approved.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="queue" aria-live="polite">
          {approved.map((question) => (
            <QuestionItem key={question.id} question={question}>
              {userId &&
                open &&
                !question.answer &&
                (upvoted.includes(question.id) ? (
                  <p class="meta">{t.upvoted}</p>
                ) : (
                  <button
                    type="button"
                    class="outline"
                    disabled={action.busy !== undefined}
                    aria-busy={action.busy === question.id}
                    aria-label={`${t.upvote}: ${question.text ?? ''}`}
                    onClick={() =>
                      action.run(question.id, async () => {
                        await answerOf(meetingsControllerUpvote({ path: { id: meeting.id, questionId: question.id } }));
                        part.reload();
                      })
                    }
                  >
                    {t.upvote}
                  </button>
                ))}
            </QuestionItem>
          ))}
        </ul>
      )}
    </section>
  );
};

/** A meeting for those who attend, in the room or remote, on a phone: the current item, check-in, polls, the queue. */
export const MeetingPage = ({ id }: { id: string }) => {
  const t = useMessages(meetingTexts);
  const session = useSession();
  const { read, polls, approved, queuePosition, attendance } = useLiveMeeting(id);
  const runs = useRunsMeeting(read.data);
  const participant = session.has('participant', 'member', 'moderator', 'admin');
  const part = useMyPart(id, participant ? session.user?.id : undefined, queuePosition);
  return (
    <ReadState read={read}>
      {(meeting) => (
        <>
          <MeetingHeading meeting={meeting} />
          <p class="meta">
            {meeting.place && (
              <>
                {t.place}: {meeting.place}{' '}
              </>
            )}
            {meeting.link && <a href={meeting.link}>{t.link}</a>}
          </p>
          {meeting.status === 'cancelled' && meeting.cancelReason && <p class="notice">{t.cancelled(meeting.cancelReason)}</p>}
          {runs && (
            <p>
              <a href={`/meetings/${id}/run`}>{t.run}</a> · <a href={`/meetings/${id}/projector`}>{t.projector}</a>
            </p>
          )}
          <CurrentItem meeting={meeting} />
          {!session.user && <p>{t.signInToTakePart}</p>}
          {session.user && participant && <CheckIn meeting={meeting} part={part} />}
          <Polls meeting={meeting} polls={polls} voter={participant} />
          <Questions
            meeting={meeting}
            approved={approved}
            queuePosition={queuePosition}
            userId={participant ? session.user?.id : undefined}
            part={part}
          />
          <Minutes meeting={meeting} />
          <Agenda meeting={meeting} />
          {attendance && <p class="meta">{t.checkIn.total(attendance.total)}</p>}
        </>
      )}
    </ReadState>
  );
};
