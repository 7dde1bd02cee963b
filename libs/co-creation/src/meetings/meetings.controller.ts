import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  CommandContext,
  CommandHandler,
  CommandResponse,
  CurrentActor,
  IdPipe,
  Public,
  ReadSide,
  Roles,
  Sender,
} from '@cocrea/platform';
import { FollowUpResponse } from '../commitments';
import { BALLOT_KEY } from '../consultations';
import { DraftProposalDto, given } from '../proposals';
import {
  cancelMeeting,
  castPollVote,
  checkIn,
  closeMeeting,
  closePoll,
  draftFromAgreement,
  milestoneFromAgreement,
  moderateQuestion,
  moveToItem,
  openPoll,
  recordMinutes,
  scheduleMeeting,
  startMeeting,
  submitQuestion,
  upvoteQuestion,
} from './meeting.commands';
import {
  AnswerQuestionDto,
  ApproveQuestionDto,
  AttendeeViewDto,
  CancelMeetingDto,
  CheckInDto,
  CloseMeetingDto,
  CreateMeetingDto,
  CurrentItemDto,
  ListMeetingsQuery,
  MeetingDetailDto,
  MeetingViewDto,
  MilestoneFromAgreementDto,
  MinutesDto,
  MyPartDto,
  MyPollVoteDto,
  OpenPollDto,
  PollCreatedDto,
  PollResultsDto,
  PollVoteDto,
  QuestionsQuery,
  QuestionViewDto,
  RejectQuestionDto,
  SubmitQuestionDto,
} from './meeting.dto';
import { meetingAttendees, meetingById, meetingQuestions, meetings, myPart, myPollVote, pollResults } from './meeting.queries';

/** Who may take part: anyone signed in but an auditor, who only reads. */
const PARTICIPANTS = ['participant', 'member', 'moderator', 'admin'] as const;
/** Who may run a meeting; for members, the decider checks that they lead its working group. */
const RUNNERS = ['admin', 'moderator', 'member'] as const;

@ApiTags('meetings')
@Controller('api/meetings')
export class MeetingsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
    @Inject(BALLOT_KEY) private readonly ballotKey: string,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      "Schedule a meeting of a plan: a work or technical table, the committee, a territorial meeting (moderators, admins, the working group's leads)",
  })
  @Roles(...RUNNERS)
  @ApiCreatedResponse({ type: CommandResponse })
  create(@Body() body: CreateMeetingDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return scheduleMeeting(this.commands, { ...body, invited: body.invited ?? { entities: [], organisations: [] } }, context);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'The meetings, in the order scheduled, filtered by plan, status and kind' })
  @ApiOkResponse({ type: [MeetingViewDto] })
  list(@Query() query: ListMeetingsQuery) {
    return meetings(this.read, { planId: query.planId, status: query.status, kind: query.kind });
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    summary: 'One meeting: its agenda and current item, attendance by sector, polls with results as allowed, the approved queue',
  })
  @ApiOkResponse({ type: MeetingDetailDto })
  get(@Param('id', IdPipe) meetingId: string, @CurrentActor() actor: Actor | undefined) {
    return meetingById(this.read, meetingId, actor);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Start a scheduled meeting: its first agenda item becomes the current one' })
  @ApiOkResponse({ type: CommandResponse })
  start(@Param('id', IdPipe) meetingId: string, @Sender() context: CommandContext): Promise<CommandResponse> {
    return startMeeting(this.commands, meetingId, context);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Close a meeting in progress (its open polls first), with its minutes if given' })
  @ApiOkResponse({ type: CommandResponse })
  close(
    @Param('id', IdPipe) meetingId: string,
    @Body() body: CloseMeetingDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return closeMeeting(this.commands, meetingId, body.minutes, context);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Cancel a scheduled meeting, with the reason' })
  @ApiOkResponse({ type: CommandResponse })
  cancel(
    @Param('id', IdPipe) meetingId: string,
    @Body() body: CancelMeetingDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return cancelMeeting(this.commands, meetingId, body.reason, context);
  }

  @Post(':id/agenda/current')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Move to an agenda item: it becomes the current one' })
  @ApiOkResponse({ type: CommandResponse })
  current(
    @Param('id', IdPipe) meetingId: string,
    @Body() body: CurrentItemDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return moveToItem(this.commands, meetingId, body.item, context);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @Roles(...PARTICIPANTS)
  @ApiOperation({
    summary: 'Check in: yourself (without a name, once), or someone without an account (with a name, by whoever runs the meeting)',
  })
  @ApiOkResponse({ type: CommandResponse, description: 'id is the attendance, <meetingId>.<attendeeId>' })
  attend(@Param('id', IdPipe) meetingId: string, @Body() body: CheckInDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return checkIn(this.commands, this.ballotKey, meetingId, body, context);
  }

  @Get(':id/attendance')
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Who checked in, by name (those who run the meeting; the counts by sector are public on the meeting)' })
  @ApiOkResponse({ type: [AttendeeViewDto] })
  attendees(@Param('id', IdPipe) meetingId: string, @CurrentActor() actor: Actor) {
    return meetingAttendees(this.read, meetingId, actor);
  }

  @Get(':id/mine')
  @Roles(...PARTICIPANTS)
  @ApiOperation({ summary: 'What you did in the meeting: whether you checked in, your questions in any status, what you upvoted' })
  @ApiOkResponse({ type: MyPartDto })
  mine(@Param('id', IdPipe) meetingId: string, @CurrentActor() actor: Actor) {
    return myPart(this.read, this.ballotKey, meetingId, actor);
  }

  @Post(':id/polls')
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Open a quick poll on an agenda item (the current one by default)' })
  @ApiCreatedResponse({ type: PollCreatedDto })
  async poll(
    @Param('id', IdPipe) meetingId: string,
    @Body() body: OpenPollDto,
    @Sender() context: CommandContext,
  ): Promise<PollCreatedDto> {
    const { pollId, revision, position } = await openPoll(
      this.commands,
      meetingId,
      {
        itemId: body.itemId,
        form: body.form,
        question: body.question,
        options: body.options ?? [],
        maxChoices: body.maxChoices ?? 1,
        results: body.results ?? 'live',
      },
      context,
    );
    return { id: pollId, meetingId, revision, position };
  }

  @Post(':id/polls/:pollId/close')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Close a poll: its results are fixed and go into the minutes' })
  @ApiOkResponse({ type: CommandResponse })
  closePoll(
    @Param('id', IdPipe) meetingId: string,
    @Param('pollId', IdPipe) pollId: string,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return closePoll(this.commands, meetingId, pollId, context);
  }

  @Put(':id/polls/:pollId/vote')
  @HttpCode(200)
  @Roles(...PARTICIPANTS)
  @ApiOperation({ summary: 'Vote in an open poll, secretly; voting again replaces your vote' })
  @ApiOkResponse({ type: CommandResponse, description: 'id is your ballot in the poll, named by your pseudonym' })
  vote(
    @Param('id', IdPipe) meetingId: string,
    @Param('pollId', IdPipe) pollId: string,
    @Body() body: PollVoteDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return castPollVote(this.commands, this.ballotKey, { meetingId, pollId, choices: body.choices }, context);
  }

  @Get(':id/polls/:pollId/vote')
  @Roles(...PARTICIPANTS)
  @ApiOperation({ summary: 'Your own vote in a poll' })
  @ApiOkResponse({ type: MyPollVoteDto })
  myVote(@Param('id', IdPipe) meetingId: string, @Param('pollId', IdPipe) pollId: string, @CurrentActor() actor: Actor) {
    return myPollVote(this.read, this.ballotKey, meetingId, pollId, actor);
  }

  @Get(':id/polls/:pollId/results')
  @Public()
  @ApiOperation({ summary: "A poll's voters, and its votes per option as its visibility allows the caller" })
  @ApiOkResponse({ type: PollResultsDto })
  results(@Param('id', IdPipe) meetingId: string, @Param('pollId', IdPipe) pollId: string, @CurrentActor() actor: Actor | undefined) {
    return pollResults(this.read, meetingId, pollId, actor);
  }

  @Post(':id/questions')
  @Roles(...PARTICIPANTS)
  @ApiOperation({ summary: 'Submit a question or contribution, in the room or remote: the room sees it once approved' })
  @ApiCreatedResponse({ type: CommandResponse })
  ask(
    @Param('id', IdPipe) meetingId: string,
    @Body() body: SubmitQuestionDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return submitQuestion(this.commands, { meetingId, kind: body.kind ?? 'question', text: body.text }, context);
  }

  @Get(':id/questions')
  @Public()
  @ApiOperation({
    summary: 'The questions and contributions in the order submitted',
    description:
      'Everyone sees the approved ones and the rejections with their reasons (a rejected text is null); those who run the meeting also see the pending ones and every text.',
  })
  @ApiOkResponse({ type: [QuestionViewDto] })
  questions(@Param('id', IdPipe) meetingId: string, @Query() query: QuestionsQuery, @CurrentActor() actor: Actor | undefined) {
    return meetingQuestions(this.read, meetingId, actor, query.status);
  }

  @Post(':id/questions/:questionId/approve')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Approve a pending question: the room sees it and may upvote it' })
  @ApiOkResponse({ type: CommandResponse })
  approve(
    @Param('id', IdPipe) meetingId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: ApproveQuestionDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return moderateQuestion(this.commands, { meetingId, questionId }, { type: 'ApproveQuestion', reason: body.reason }, context);
  }

  @Post(':id/questions/:questionId/reject')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Reject a pending question, with the reason: the reason is public, the text withheld' })
  @ApiOkResponse({ type: CommandResponse })
  reject(
    @Param('id', IdPipe) meetingId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: RejectQuestionDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return moderateQuestion(this.commands, { meetingId, questionId }, { type: 'RejectQuestion', reason: body.reason }, context);
  }

  @Post(':id/questions/:questionId/answer')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: 'Mark an approved question answered, with the answer' })
  @ApiOkResponse({ type: CommandResponse })
  answer(
    @Param('id', IdPipe) meetingId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: AnswerQuestionDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return moderateQuestion(this.commands, { meetingId, questionId }, { type: 'AnswerQuestion', answer: body.answer }, context);
  }

  @Put(':id/questions/:questionId/upvote')
  @HttpCode(200)
  @Roles(...PARTICIPANTS)
  @ApiOperation({ summary: 'Upvote an approved question, once: upvoting again changes nothing' })
  @ApiOkResponse({ type: CommandResponse, description: 'id is your upvote, <questionId>.<pseudonym>' })
  upvote(
    @Param('id', IdPipe) meetingId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return upvoteQuestion(this.commands, this.ballotKey, { meetingId, questionId }, context);
  }

  @Post(':id/agreements/:agreementId/proposal')
  @Roles('member', 'moderator', 'admin')
  @ApiOperation({
    summary: "Start a proposal draft from an agreement of the minutes (members of the draft's working group, moderators, admins)",
    description:
      'Once per agreement: asking again answers the draft the first request started. The draft records the agreement (fromAgreement).',
  })
  @ApiCreatedResponse({ type: CommandResponse, description: "the draft's id, revision and position" })
  draftFromAgreement(
    @Param('id', IdPipe) meetingId: string,
    @Param('agreementId', IdPipe) agreementId: string,
    @Body() body: DraftProposalDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return draftFromAgreement(this.commands, { meetingId, agreementId }, { ...body, sections: given(body.sections) }, context);
  }

  @Post(':id/agreements/:agreementId/milestone')
  @Roles('member', 'moderator', 'admin')
  @ApiOperation({
    summary: "Start a commitment's milestone from an agreement (moderators, admins, the commitment's working group leads)",
    description: 'Once per agreement: asking again answers the milestone the first request added. The milestone records the agreement.',
  })
  @ApiCreatedResponse({ type: FollowUpResponse })
  milestoneFromAgreement(
    @Param('id', IdPipe) meetingId: string,
    @Param('agreementId', IdPipe) agreementId: string,
    @Body() body: MilestoneFromAgreementDto,
    @Sender() context: CommandContext,
  ): Promise<FollowUpResponse> {
    return milestoneFromAgreement(this.commands, { meetingId, agreementId }, body, context);
  }

  @Post(':id/minutes')
  @HttpCode(200)
  @Roles(...RUNNERS)
  @ApiOperation({ summary: "Record a closed meeting's minutes: a summary and agreements, each maybe linked to a proposal or commitment" })
  @ApiOkResponse({ type: CommandResponse })
  minutes(@Param('id', IdPipe) meetingId: string, @Body() body: MinutesDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return recordMinutes(this.commands, meetingId, body, context);
  }
}
