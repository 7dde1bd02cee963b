import { useEffect, useRef } from 'preact/hooks';
import {
  type AttendanceCountsDto,
  type MeetingDetailDto,
  type MeetingViewDto,
  type PollResultsDto,
  type PollViewDto,
  type QuestionViewDto,
  answerOf,
  meetingsControllerGet,
  workingGroupsControllerGet,
} from '../../api';
import { useRoomMessages } from '../../live';
import { useSession } from '../../session';
import { useFirstFor, useRead, useVersion } from '../../use-read';

/** A question as the room's queue carries it: what a screen shows (the rest is at GET …/questions). */
export type QueueItem = Pick<QuestionViewDto, 'id' | 'kind' | 'text' | 'authorName' | 'status' | 'upvotes' | 'answer' | 'position'>;

/** The coalesced messages of a meeting's room (see the AsyncAPI document). */
export type MeetingMessages = {
  'poll-results': { meetingId: string; polls: PollResultsDto[]; position: number };
  queue: { meetingId: string; approved: QueueItem[]; pending?: QueueItem[]; position: number };
  attendance: {
    meetingId: string;
    total: number;
    bySector: AttendanceCountsDto['bySector'];
    position: number;
  };
};
const MESSAGES = ['poll-results', 'queue', 'attendance'] as const;

const newest = <T extends { position: number }>(read: T, live: T | undefined): T => (live && live.position >= read.position ? live : read);

/**
 * A meeting kept live: its events (started, a move through the agenda, a poll opened or closed, the close) read it
 * again, and the room's coalesced messages — the polls' results, the approved queue, the attendance — replace what
 * was read when they are newer. `queuePosition` is where the queue stands, to read again what depends on it.
 */
export const useLiveMeeting = (id: string) => {
  const session = useSession();
  const [version, bump] = useVersion();
  // What the room said last: the read after an event waits until the read models have it.
  const seen = useRef(0);
  const read = useRead(
    () => answerOf(meetingsControllerGet({ path: { id }, query: { minPosition: seen.current } })),
    [id, version, session.user?.id],
  );
  const from = useFirstFor(id, read.data?.position);
  const live = useRoomMessages<MeetingMessages>(session.user ? `meeting:${id}` : undefined, from, MESSAGES, (event) => {
    seen.current = Math.max(seen.current, event.position);
    bump();
  });
  const meeting = read.data;
  const results = live['poll-results'];
  const pollResults = (poll: PollViewDto): PollResultsDto => {
    const sent = results?.polls.find((candidate) => candidate.pollId === poll.id);
    // A lead of the group runs the meeting but is not a moderator to the room: the room hides what the read shows them.
    return sent && sent.position >= poll.tally.position && (sent.votes || !poll.tally.votes) ? sent : poll.tally;
  };
  const hiddenFromRoom =
    !!meeting && !!results?.polls.some((sent) => !sent.votes && meeting.polls.some((poll) => poll.id === sent.pollId && poll.tally.votes));
  useEffect(() => {
    if (hiddenFromRoom && results) {
      seen.current = Math.max(seen.current, results.position);
      bump();
    }
  }, [hiddenFromRoom, results, bump]);
  const queuedAt = meeting ? Math.max(meeting.position, ...meeting.questions.map((question) => question.position)) : 0;
  const queue = live.queue && live.queue.position >= queuedAt ? live.queue : undefined;
  return {
    read,
    /** A command this page sent is in: read the meeting again as of it. */
    wrote: (answer: { position: number }) => {
      seen.current = Math.max(seen.current, answer.position);
      bump();
    },
    polls: meeting?.polls.map((poll) => ({ ...poll, tally: pollResults(poll) })) ?? [],
    approved: queue?.approved ?? meeting?.questions ?? [],
    queuePosition: queue?.position ?? queuedAt,
    attendance: meeting && newest(meeting.attendance, live.attendance),
  };
};

/** Whether the one signed in runs this meeting: moderators, admins, and the leads of its working group. */
export const useRunsMeeting = (meeting: MeetingDetailDto | undefined): boolean => {
  const session = useSession();
  const groupId = meeting?.workingGroupId;
  const group = useRead(
    () => (groupId && session.has('member') ? answerOf(workingGroupsControllerGet({ path: { id: groupId } })) : Promise.resolve(undefined)),
    [groupId, session.user?.id],
  );
  const user = session.user;
  if (!user) return false;
  return session.has('moderator', 'admin') || !!group.data?.members.some((member) => member.userId === user.id && member.role === 'lead');
};
