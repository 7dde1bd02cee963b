import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import type { Plan } from '../plans';
import type { WorkingGroup } from '../working-groups';
import { attendanceDecider, type AttendanceCommand } from './attendance.decider';
import { meetingDecider, type MeetingCommand, type MeetingEvent, type RunnerContext } from './meeting.decider';
import { pollBallotDecider, type PollBallotCommand } from './poll-ballot.decider';
import { questionDecider, upvoteDecider, type QuestionEvent } from './question.decider';

const spec = DeciderSpecification.for(meetingDecider);
const M = 'm1';
const plan: Plan = { status: 'active', planId: 'plan-1' } as unknown as Plan;
const group: WorkingGroup = {
  status: 'active',
  workingGroupId: 'wg-1',
  planId: 'plan-1',
  name: 'Mesa',
  theme: 'transparency',
  members: { beto: 'lead', ana: 'member' },
};
const moderator: RunnerContext = { actor: { id: 'marta', roles: ['moderator'] } };
const lead: RunnerContext = { actor: { id: 'beto', roles: ['member'] }, workingGroup: group };
const member: RunnerContext = { actor: { id: 'ana', roles: ['member'] }, workingGroup: group };

const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId: M,
    planId: 'plan-1',
    workingGroupId: 'wg-1',
    kind: 'technical-table',
    title: 'Mesa técnica',
    startsAt: '2027-03-10T14:00:00-05:00',
    endsAt: '2027-03-10T17:00:00-05:00',
    place: 'Bogotá',
    invited: { entities: [], organisations: [] },
    agenda: [
      { itemId: 'i1', title: 'Bienvenida', minutes: 10 },
      { itemId: 'i2', title: 'Línea base', minutes: 45 },
    ],
  },
};
const started: MeetingEvent = { type: 'MeetingStarted', data: { meetingId: M, itemId: 'i1' } };
const pollOpened: MeetingEvent = {
  type: 'PollOpened',
  data: {
    meetingId: M,
    pollId: 'p1',
    itemId: 'i1',
    form: 'single',
    question: '¿Sí?',
    options: [
      { optionId: 'option-1', label: 'Sí' },
      { optionId: 'option-2', label: 'No' },
    ],
    maxChoices: 1,
    results: 'live',
  },
};
const closed: MeetingEvent = { type: 'MeetingClosed', data: { meetingId: M } };
const schedule = (
  context: RunnerContext = { ...moderator, workingGroup: group },
  data: Partial<typeof scheduled.data> = {},
): MeetingCommand => ({
  type: 'ScheduleMeeting',
  data: { ...scheduled.data, ...data },
  context: { ...context, plan },
});
const openPoll = (data: Record<string, unknown> = {}, context: RunnerContext = moderator): MeetingCommand => ({
  type: 'OpenPoll',
  data: { ...pollOpened.data, itemId: undefined, ...data } as Extract<MeetingCommand, { type: 'OpenPoll' }>['data'],
  context,
});
const minutesContext = { ...moderator, proposals: {}, commitments: {} };

describe('meeting decider', () => {
  it('schedules a meeting of a plan, by a moderator or a lead of its working group', () => {
    spec.given([]).when(schedule()).then([scheduled]);
    spec.given([]).when(schedule(lead)).then([scheduled]);
  });

  it('refuses a member who does not lead the group, a meeting nobody can find, and an agenda-less one', () => {
    spec.given([]).when(schedule(member)).thenThrows('forbidden');
    spec
      .given([])
      .when(schedule(lead, { place: undefined, link: ' ' }))
      .thenThrows('place-required');
    spec
      .given([])
      .when(schedule(lead, { agenda: [] }))
      .thenThrows('agenda-required');
    spec
      .given([])
      .when(schedule(lead, { endsAt: scheduled.data.startsAt }))
      .thenThrows('invalid-schedule');
    spec
      .given([])
      .when({ ...schedule(), context: { ...moderator, plan: { status: 'absent' } } } as MeetingCommand)
      .thenThrows('not-found');
    spec
      .given([])
      .when(schedule({ ...lead, workingGroup: { ...group, planId: 'other' } }))
      .thenThrows('working-group-not-in-plan');
    spec.given([scheduled]).when(schedule()).thenThrows('meeting-exists');
  });

  it('starts on the first agenda item and moves between items; the current one again changes nothing', () => {
    spec
      .given([scheduled])
      .when({ type: 'StartMeeting', data: { meetingId: M }, context: lead })
      .then([started]);
    spec
      .given([scheduled, started])
      .when({ type: 'MoveToItem', data: { meetingId: M, itemId: 'i2' }, context: lead })
      .then([{ type: 'AgendaItemStarted', data: { meetingId: M, itemId: 'i2', previousItemId: 'i1' } }]);
    spec
      .given([scheduled, started])
      .when({ type: 'MoveToItem', data: { meetingId: M, itemId: 'i1' }, context: lead })
      .thenNothingHappens();
    spec
      .given([scheduled])
      .when({ type: 'MoveToItem', data: { meetingId: M, itemId: 'i2' }, context: lead })
      .thenThrows('wrong-status');
    spec
      .given([scheduled, started])
      .when({ type: 'StartMeeting', data: { meetingId: M }, context: lead })
      .thenThrows('wrong-status');
    spec
      .given([])
      .when({ type: 'StartMeeting', data: { meetingId: M }, context: lead })
      .thenThrows('not-found');
  });

  it('opens polls on the current item by default; a statement always has agree, disagree and pass', () => {
    spec.given([scheduled, started]).when(openPoll()).then([pollOpened]);
    spec
      .given([scheduled, started])
      .when(openPoll({ form: 'statement', options: [] }))
      .then([
        {
          type: 'PollOpened',
          data: {
            ...pollOpened.data,
            form: 'statement',
            options: ['agree', 'disagree', 'pass'].map((optionId) => ({ optionId, label: optionId })),
          },
        },
      ]);
    spec.given([scheduled]).when(openPoll()).thenThrows('wrong-status');
    spec
      .given([scheduled, started])
      .when(openPoll({ options: [{ optionId: 'option-1', label: 'Sí' }] }))
      .thenThrows('options-required');
    spec
      .given([scheduled, started])
      .when(
        openPoll({
          options: [
            { optionId: 'option-1', label: 'Sí' },
            { optionId: 'option-2', label: ' sí' },
          ],
        }),
      )
      .thenThrows('duplicate-options');
    spec
      .given([scheduled, started])
      .when(openPoll({ form: 'multiple', maxChoices: 3 }))
      .thenThrows('invalid-choice-limit');
    spec
      .given([scheduled, started])
      .when(openPoll({ itemId: 'nope' }))
      .thenThrows('not-found');
    spec.given([scheduled, started, pollOpened]).when(openPoll()).thenThrows('poll-exists');
  });

  it('closes the polls still open with the meeting, and records minutes once, after the close', () => {
    spec
      .given([scheduled, started, pollOpened])
      .when({ type: 'CloseMeeting', data: { meetingId: M }, context: minutesContext })
      .then([{ type: 'PollClosed', data: { meetingId: M, pollId: 'p1' } }, closed]);
    const minutes = { meetingId: M, summary: 'Acordado', agreements: [] };
    spec.given([scheduled, started]).when({ type: 'RecordMinutes', data: minutes, context: minutesContext }).thenThrows('wrong-status');
    spec
      .given([scheduled, started, closed])
      .when({ type: 'RecordMinutes', data: minutes, context: minutesContext })
      .then([{ type: 'MinutesRecorded', data: minutes }]);
    spec
      .given([scheduled, started, closed, { type: 'MinutesRecorded', data: minutes }])
      .when({ type: 'RecordMinutes', data: minutes, context: minutesContext })
      .thenThrows('minutes-recorded');
  });

  it('refuses an agreement on a proposal of another plan or that does not exist', () => {
    const agreement = { agreementId: 'a1', text: 'Ajustar', responsibleEntity: 'MinTIC', dueDate: '2027-04-01', proposalId: 'x' };
    const minutes = { meetingId: M, summary: '', agreements: [agreement] };
    spec
      .given([scheduled, started, closed])
      .when({ type: 'RecordMinutes', data: minutes, context: minutesContext })
      .thenThrows('not-found');
    spec
      .given([scheduled, started, closed])
      .when({
        type: 'RecordMinutes',
        data: minutes,
        context: { ...minutesContext, proposals: { x: { status: 'submitted', planId: 'other' } as never } },
      })
      .thenThrows('proposal-not-in-plan');
    spec
      .given([scheduled, started, closed])
      .when({
        type: 'RecordMinutes',
        data: { ...minutes, agreements: [{ ...agreement, proposalId: undefined, dueDate: '1 April' }] },
        context: minutesContext,
      })
      .thenThrows('invalid-date');
  });

  it('cancels only a scheduled meeting, with a reason', () => {
    const cancel = (reason: string): MeetingCommand => ({ type: 'CancelMeeting', data: { meetingId: M, reason }, context: lead });
    spec
      .given([scheduled])
      .when(cancel('Aplazada'))
      .then([{ type: 'MeetingCancelled', data: { meetingId: M, reason: 'Aplazada' } }]);
    spec.given([scheduled]).when(cancel(' ')).thenThrows('reason-required');
    spec.given([scheduled, started]).when(cancel('Tarde')).thenThrows('wrong-status');
  });
});

const meetingOf = (...events: MeetingEvent[]) => events.reduce(meetingDecider.evolve, meetingDecider.initialState());

describe('poll ballot decider', () => {
  const ballots = DeciderSpecification.for(pollBallotDecider);
  const vote = (choices: string[], events: MeetingEvent[] = [scheduled, started, pollOpened]): PollBallotCommand => ({
    type: 'CastPollVote',
    data: { meetingId: M, pollId: 'p1', participantId: 'x', choices },
    context: { meeting: meetingOf(...events) },
  });

  it('takes one vote per voter while the poll is open; the same vote again changes nothing, another replaces it', () => {
    ballots
      .given([])
      .when(vote(['option-1']))
      .then([{ type: 'PollVoteCast', data: vote(['option-1']).data }]);
    ballots
      .given([{ type: 'PollVoteCast', data: vote(['option-1']).data }])
      .when(vote(['option-1']))
      .thenNothingHappens();
    ballots
      .given([{ type: 'PollVoteCast', data: vote(['option-1']).data }])
      .when(vote(['option-2']))
      .then([{ type: 'PollVoteCast', data: vote(['option-2']).data }]);
  });

  it('refuses choices the poll does not have, too many of them, and a closed poll', () => {
    ballots
      .given([])
      .when(vote(['option-3']))
      .thenThrows('unknown-option');
    ballots
      .given([])
      .when(vote(['option-1', 'option-2']))
      .thenThrows('too-many-choices');
    ballots
      .given([])
      .when(vote(['option-1', 'option-1']))
      .thenThrows('duplicate-choices');
    ballots
      .given([])
      .when(vote(['option-1'], [scheduled, started, pollOpened, { type: 'PollClosed', data: { meetingId: M, pollId: 'p1' } }]))
      .thenThrows('poll-closed');
    ballots
      .given([])
      .when(vote(['option-1'], [scheduled, started]))
      .thenThrows('not-found');
  });
});

describe('attendance decider', () => {
  const attendance = DeciderSpecification.for(attendanceDecider);
  const checkIn = (by: 'self' | 'runner', context: RunnerContext, events: MeetingEvent[] = [scheduled]): AttendanceCommand => ({
    type: 'CheckIn',
    data: { meetingId: M, attendeeId: 'a', name: 'Ana', organisation: 'Uniandes', sector: 'academia', by },
    context: { ...context, meeting: meetingOf(...events) },
  });

  it('checks in once, before or during the meeting; only those who run it check others in', () => {
    attendance
      .given([])
      .when(checkIn('self', member))
      .then([{ type: 'AttendeeCheckedIn', data: checkIn('self', member).data }]);
    attendance
      .given([{ type: 'AttendeeCheckedIn', data: checkIn('self', member).data }])
      .when(checkIn('self', member))
      .thenNothingHappens();
    attendance.given([]).when(checkIn('runner', member)).thenThrows('forbidden');
    attendance
      .given([])
      .when(checkIn('runner', lead, [scheduled, started]))
      .then([{ type: 'AttendeeCheckedIn', data: checkIn('runner', lead).data }]);
    attendance
      .given([])
      .when(checkIn('self', member, [scheduled, started, closed]))
      .thenThrows('wrong-status');
  });
});

describe('question and upvote deciders', () => {
  const questions = DeciderSpecification.for(questionDecider);
  const upvotes = DeciderSpecification.for(upvoteDecider);
  const submitted: QuestionEvent = {
    type: 'QuestionSubmitted',
    data: { meetingId: M, questionId: 'q1', kind: 'question', text: '¿Cuándo?', authorId: 'ana', authorName: 'Ana' },
  };
  const decision = { meetingId: M, questionId: 'q1', moderatorId: 'marta', moderatorName: 'Marta' };
  const approved: QuestionEvent = { type: 'QuestionApproved', data: decision };
  const running = { ...moderator, meeting: meetingOf(scheduled, started) };

  it('moderates a pending question once: approved, or rejected with a reason', () => {
    questions.given([submitted]).when({ type: 'ApproveQuestion', data: decision, context: running }).then([approved]);
    questions
      .given([submitted])
      .when({ type: 'RejectQuestion', data: { ...decision, reason: ' ' }, context: running })
      .thenThrows('reason-required');
    questions
      .given([submitted, approved])
      .when({ type: 'RejectQuestion', data: { ...decision, reason: 'No' }, context: running })
      .thenThrows('question-moderated');
    questions
      .given([submitted])
      .when({ type: 'ApproveQuestion', data: decision, context: { ...member, meeting: running.meeting } })
      .thenThrows('forbidden');
  });

  it('answers an approved question once, also after the meeting closed', () => {
    const answer = { meetingId: M, questionId: 'q1', answer: 'Pronto', answeredBy: 'Marta' };
    const afterClose = { ...running, meeting: meetingOf(scheduled, started, closed) };
    questions
      .given([submitted, approved])
      .when({ type: 'AnswerQuestion', data: answer, context: afterClose })
      .then([{ type: 'QuestionAnswered', data: answer }]);
    questions.given([submitted]).when({ type: 'AnswerQuestion', data: answer, context: running }).thenThrows('question-not-approved');
    questions
      .given([submitted, approved, { type: 'QuestionAnswered', data: answer }])
      .when({ type: 'AnswerQuestion', data: answer, context: running })
      .thenThrows('question-answered');
  });

  it('upvotes an approved question once per person', () => {
    const question = [submitted, approved].reduce(questionDecider.evolve, questionDecider.initialState());
    const upvote = {
      type: 'UpvoteQuestion' as const,
      data: { meetingId: M, questionId: 'q1' },
      context: { meeting: running.meeting, question },
    };
    upvotes
      .given([])
      .when(upvote)
      .then([{ type: 'QuestionUpvoted', data: upvote.data }]);
    upvotes
      .given([{ type: 'QuestionUpvoted', data: upvote.data }])
      .when(upvote)
      .thenNothingHappens();
    const pending = questionDecider.evolve(questionDecider.initialState(), submitted);
    upvotes
      .given([])
      .when({ ...upvote, context: { ...upvote.context, question: pending } })
      .thenThrows('question-not-approved');
  });
});
