import { ReadState, Status } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { useOnline } from '../../live';
import { useLiveMeeting } from './live-meeting';
import { meetingTexts } from './messages';
import { CurrentItem, PollResults, QuestionItem } from './parts';

/** What the room sees on the wall: the current item, the open polls' results as bars, the approved questions by upvotes (unanswered first). */
export const MeetingProjectorPage = ({ id }: { id: string }) => {
  const t = useMessages(meetingTexts);
  const online = useOnline();
  const { read, polls, approved } = useLiveMeeting(id);
  // The polls open now; when none is, the last one closed (its results stay up until the next).
  const open = polls.filter((poll) => poll.status === 'open');
  const shown = open.length > 0 ? open : polls.slice(-1);
  return (
    <ReadState read={read}>
      {(meeting) => (
        <div class="projector">
          <hgroup>
            <h1>{meeting.title}</h1>
            <p>
              <Status status={meeting.status} /> {online && <mark>{t.live}</mark>}
            </p>
          </hgroup>
          <CurrentItem meeting={meeting} />
          {shown.length > 0 && (
            <section aria-labelledby="polls">
              <h2 id="polls">{t.polls.title}</h2>
              {shown.map((poll) => (
                <article key={poll.id} data-poll-card={poll.id}>
                  <header>
                    <strong>{poll.question}</strong> <Status status={poll.status} />
                  </header>
                  <PollResults poll={poll} results={poll.tally} />
                </article>
              ))}
            </section>
          )}
          <section aria-labelledby="questions">
            <h2 id="questions">{t.questions.title}</h2>
            {approved.length === 0 ? (
              <p>{t.questions.none}</p>
            ) : (
              <ol class="queue">
                {approved.map((question) => (
                  <QuestionItem key={question.id} question={question} />
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </ReadState>
  );
};
