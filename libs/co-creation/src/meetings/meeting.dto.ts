import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CreatedViewDto, IsInstant, LowerCase, t } from '@cocrea/platform';
import { AddMilestoneDto } from '../commitments';
import { SECTORS, type Sector } from './attendance.decider';
import {
  MAX_AGENDA_ITEMS,
  MAX_AGREEMENTS,
  MAX_POLL_OPTIONS,
  MEETING_KINDS,
  MEETING_STATUSES,
  POLL_FORMS,
  POLL_VISIBILITIES,
  type MeetingKind,
  type MeetingStatus,
  type PollForm,
  type PollVisibility,
} from './meeting.decider';
import { MAX_QUESTION_LENGTH, QUESTION_KINDS, QUESTION_STATUSES, type QuestionKind, type QuestionStatus } from './question.decider';

const MAX_NAMES = 100;
const MAX_TEXT = 10_000;
const NOT_BLANK = /\S/;

export class InvitedDto {
  @ApiProperty({ type: [String], example: ['Secretaría de Transparencia'], description: 'public entities invited, by name' })
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  entities!: string[];

  @ApiProperty({ type: [String], example: ['Transparencia por Colombia'], description: 'civil-society and other organisations invited' })
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  organisations!: string[];
}

export class AgendaItemDto {
  @ApiProperty({ example: 'Revisión de la línea base' })
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: String(t`title must not be blank`) })
  title!: string;

  @ApiProperty({ minimum: 1, maximum: 600, example: 30, description: "the item's time box, in minutes" })
  @IsInt()
  @Min(1)
  @Max(600)
  minutes!: number;

  @ApiPropertyOptional({ example: 'La Secretaría presenta los datos de 2016.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  description?: string;
}

export class CreateMeetingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  @LowerCase()
  planId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the working group whose table it is: its leads may run it' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  workingGroupId?: string;

  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @ApiProperty({ example: 'Mesa técnica: datos abiertos de contratación' })
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: String(t`title must not be blank`) })
  title!: string;

  @ApiProperty({ example: '2027-03-10T14:00:00-05:00' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ example: '2027-03-10T17:00:00-05:00', description: 'after startsAt (422 invalid-schedule otherwise)' })
  @IsInstant()
  endsAt!: string;

  @ApiPropertyOptional({
    example: 'Casa de Nariño, salón 3',
    description: 'a place or a link, or both (422 place-required without either)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  place?: string;

  @ApiPropertyOptional({ example: 'https://meet.example.org/mesa-tecnica' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  @Length(1, 2000)
  link?: string;

  @ApiPropertyOptional({ type: InvitedDto, description: 'default: nobody named' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => InvitedDto)
  invited?: InvitedDto;

  @ApiProperty({ type: [AgendaItemDto], description: 'the agenda in order; each item gets an id' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_AGENDA_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda!: AgendaItemDto[];
}

export class ListMeetingsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  planId?: string;

  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;

  @ApiPropertyOptional({ enum: MEETING_KINDS })
  @IsOptional()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;
}

export class CancelMeetingDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'La entidad pidió aplazarla una semana.' })
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: String(t`reason must not be blank`) })
  reason!: string;
}

export class CurrentItemDto {
  @ApiProperty({ format: 'uuid', description: "an agenda item's id" })
  @IsUUID()
  @LowerCase()
  item!: string;
}

export class CheckInDto {
  @ApiPropertyOptional({
    example: 'Ana Gómez',
    description: 'omit to check yourself in (once); given, whoever runs the meeting checks in someone without an account',
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: String(t`name must not be blank`) })
  name?: string;

  @ApiProperty({ example: 'Fundación Corona' })
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: String(t`organisation must not be blank`) })
  organisation!: string;

  @ApiProperty({ enum: SECTORS })
  @IsIn(SECTORS)
  sector!: Sector;
}

export class OpenPollDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the agenda item; default: the current one' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  itemId?: string;

  @ApiProperty({ enum: POLL_FORMS, description: 'single or multiple choice, or agree/disagree/pass on a statement' })
  @IsIn(POLL_FORMS)
  form!: PollForm;

  @ApiProperty({ example: '¿Se incluye la línea base de 2016 en la propuesta?', description: 'the question, or the statement' })
  @IsString()
  @Length(1, 1000)
  @Matches(NOT_BLANK, { message: String(t`question must not be blank`) })
  question!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['Sí', 'No', 'Con cambios'],
    description:
      'the options of a single- or multiple-choice poll (ids option-1, option-2, … in this order); a statement has agree, disagree and pass',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_POLL_OPTIONS)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  options?: string[];

  @ApiPropertyOptional({ minimum: 1, example: 2, description: 'multiple choice: how many options a vote may choose (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POLL_OPTIONS)
  maxChoices?: number;

  @ApiPropertyOptional({
    enum: POLL_VISIBILITIES,
    description: 'live (default): results visible as votes come; after-close: only voters until closed',
  })
  @IsOptional()
  @IsIn(POLL_VISIBILITIES)
  results?: PollVisibility;
}

export class PollVoteDto {
  @ApiProperty({
    type: [String],
    example: ['option-1'],
    description: 'option ids: one, or up to maxChoices; a statement: agree, disagree or pass',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POLL_OPTIONS)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  choices!: string[];
}

export class SubmitQuestionDto {
  @ApiPropertyOptional({ enum: QUESTION_KINDS, description: 'default: question' })
  @IsOptional()
  @IsIn(QUESTION_KINDS)
  kind?: QuestionKind;

  @ApiProperty({ maxLength: MAX_QUESTION_LENGTH, example: '¿Qué entidad publica los datos de contratación territorial?' })
  @IsString()
  @Length(1, MAX_QUESTION_LENGTH)
  @Matches(NOT_BLANK, { message: String(t`text must not be blank`) })
  text!: string;
}

export class ApproveQuestionDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'Pertinente para el punto 2' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class AnswerQuestionDto {
  @ApiProperty({ maxLength: MAX_QUESTION_LENGTH, example: 'La Agencia Nacional de Contratación, cada trimestre.' })
  @IsString()
  @Length(1, MAX_QUESTION_LENGTH)
  @Matches(NOT_BLANK, { message: String(t`answer must not be blank`) })
  answer!: string;
}

export class QuestionsQuery {
  @ApiPropertyOptional({ enum: QUESTION_STATUSES })
  @IsOptional()
  @IsIn(QUESTION_STATUSES)
  status?: QuestionStatus;
}

export class AgreementDto {
  @ApiProperty({ example: 'Incluir la línea base de 2016 en la sección de problema' })
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: String(t`text must not be blank`) })
  text!: string;

  @ApiProperty({ example: 'Secretaría de Transparencia' })
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: String(t`responsibleEntity must not be blank`) })
  responsibleEntity!: string;

  @ApiProperty({ example: '2027-04-15', description: 'a calendar date' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: String(t`dueDate must be a date (YYYY-MM-DD)`) })
  dueDate!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "a proposal of the meeting's plan: its history and trace show the agreement" })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  proposalId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "a commitment of the meeting's plan: its trace shows the agreement" })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  commitmentId?: string;
}

export class MinutesDto {
  @ApiProperty({ maxLength: MAX_TEXT, example: 'Se revisó la línea base y se acordó ajustarla.' })
  @IsString()
  @Length(0, MAX_TEXT)
  summary!: string;

  @ApiProperty({ type: [AgreementDto] })
  @IsArray()
  @ArrayMaxSize(MAX_AGREEMENTS)
  @ValidateNested({ each: true })
  @Type(() => AgreementDto)
  agreements!: AgreementDto[];
}

export class CloseMeetingDto {
  @ApiPropertyOptional({ type: MinutesDto, description: 'the minutes, recorded with the close; or later with POST minutes' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MinutesDto)
  minutes?: MinutesDto;
}

/** A milestone started from an agreement: on the agreement's commitment unless another is named. */
export class MilestoneFromAgreementDto extends AddMilestoneDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'default: the commitment the agreement names (422 commitment-required if none)' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  commitmentId?: string;
}

// Answers.

export class PollCreatedDto {
  @ApiProperty({ format: 'uuid', description: "the poll's id" })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  meetingId!: string;
  @ApiProperty({ description: "the meeting stream's revision" })
  revision!: number;
  @ApiProperty({ description: 'global log position; pass it as ?minPosition= to read your write' })
  position!: number;
}

export class AgendaItemViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ description: 'time box, in minutes' })
  minutes!: number;
  @ApiPropertyOptional()
  description?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'when it last became the current item' })
  startedAt?: string;
}

export class PollOptionDto {
  @ApiProperty({ example: 'option-1' })
  optionId!: string;
  @ApiProperty()
  label!: string;
}

export class OptionVotesDto extends PollOptionDto {
  @ApiProperty()
  votes!: number;
}

export class PollResultsDto {
  @ApiProperty({ format: 'uuid' })
  pollId!: string;
  @ApiProperty({ format: 'uuid' })
  itemId!: string;
  @ApiProperty({ enum: ['open', 'closed'] })
  status!: 'open' | 'closed';
  @ApiProperty({ enum: POLL_VISIBILITIES })
  results!: PollVisibility;
  @ApiProperty({ description: 'distinct voters with a counted vote' })
  voters!: number;
  @ApiPropertyOptional({
    type: [OptionVotesDto],
    description: 'votes per option; absent while hidden (after-close, before the close) but from those who run the meeting',
  })
  votes?: OptionVotesDto[];
  @ApiProperty()
  position!: number;
}

export class PollBaseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  itemId!: string;
  @ApiProperty({ enum: POLL_FORMS })
  form!: PollForm;
  @ApiProperty()
  question!: string;
  @ApiProperty({ type: [PollOptionDto] })
  options!: PollOptionDto[];
  @ApiProperty()
  maxChoices!: number;
  @ApiProperty({ enum: POLL_VISIBILITIES })
  results!: PollVisibility;
  @ApiProperty({ enum: ['open', 'closed'] })
  status!: 'open' | 'closed';
  @ApiProperty({ format: 'date-time' })
  openedAt!: string;
  @ApiProperty()
  openedPosition!: number;
  @ApiPropertyOptional({ format: 'date-time' })
  closedAt?: string;
  @ApiPropertyOptional({ description: 'the poll counts exactly the votes recorded before this position' })
  closedPosition?: number;
}

export class PollViewDto extends PollBaseDto {
  @ApiProperty({ type: PollResultsDto, description: 'the results as the caller may see them' })
  tally!: PollResultsDto;
}

export class AgreementMilestoneDto {
  @ApiProperty({ format: 'uuid' })
  commitmentId!: string;
  @ApiProperty({ format: 'uuid' })
  milestoneId!: string;
}

/** An agreement as the minutes record it (the decision trace lists these too). */
export class AgreementTermsDto {
  @ApiProperty({ format: 'uuid' })
  agreementId!: string;
  @ApiProperty()
  text!: string;
  @ApiProperty()
  responsibleEntity!: string;
  @ApiProperty({ format: 'date' })
  dueDate!: string;
  @ApiPropertyOptional({ format: 'uuid' })
  proposalId?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  commitmentId?: string;
}

/** An agreement with what it started since. */
export class AgreementViewDto extends AgreementTermsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the proposal draft started from the agreement' })
  draftedProposalId?: string;
  @ApiPropertyOptional({ type: [AgreementMilestoneDto], description: 'the milestones started from the agreement' })
  milestones?: AgreementMilestoneDto[];
}

export class MinutesPollDto {
  @ApiProperty({ format: 'uuid' })
  pollId!: string;
  @ApiProperty()
  question!: string;
  @ApiProperty()
  voters!: number;
  @ApiProperty({ type: [OptionVotesDto] })
  votes!: OptionVotesDto[];
}

export class MinutesViewDto {
  @ApiProperty()
  summary!: string;
  @ApiProperty({ type: [AgreementViewDto] })
  agreements!: AgreementViewDto[];
  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
  @ApiProperty()
  recordedBy!: string;
  @ApiProperty()
  position!: number;
}

export class AttendanceCountsDto {
  @ApiProperty()
  total!: number;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(SECTORS.map((sector) => [sector, { type: 'integer' }])),
    description: 'attendees by sector',
  })
  bySector!: Record<Sector, number>;
  @ApiProperty({ description: 'position of the last check-in counted' })
  position!: number;
}

export class QuestionDecisionDto {
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty()
  moderatorId!: string;
  @ApiProperty()
  moderatorName!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class QuestionAnswerDto {
  @ApiProperty()
  text!: string;
  @ApiProperty({ description: 'who answered, by name' })
  by!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class QuestionViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  meetingId!: string;
  @ApiProperty({ enum: QUESTION_KINDS })
  kind!: QuestionKind;
  @ApiProperty({ type: String, nullable: true, description: 'withheld (null) once rejected, but from those who run the meeting' })
  text!: string | null;
  @ApiProperty()
  authorId!: string;
  @ApiProperty()
  authorName!: string;
  @ApiProperty({ enum: QUESTION_STATUSES })
  status!: QuestionStatus;
  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;
  @ApiPropertyOptional({ type: QuestionDecisionDto, description: 'the approval or rejection; its reason is public' })
  decision?: QuestionDecisionDto;
  @ApiProperty()
  upvotes!: number;
  @ApiPropertyOptional({ type: QuestionAnswerDto })
  answer?: QuestionAnswerDto;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  @ApiProperty()
  position!: number;
}

export class AttendeeViewDto {
  @ApiProperty({ description: 'the attendance id: <meetingId>.<attendeeId>' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  meetingId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty()
  organisation!: string;
  @ApiProperty({ enum: SECTORS })
  sector!: Sector;
  @ApiProperty({ enum: ['self', 'runner'] })
  by!: 'self' | 'runner';
  @ApiProperty({ format: 'date-time' })
  checkedInAt!: string;
  @ApiProperty()
  position!: number;
}

export class MyPollVoteDto {
  @ApiProperty({ format: 'uuid' })
  pollId!: string;
  @ApiProperty({ type: [String], description: 'your choices (none before you vote)' })
  choices!: string[];
  @ApiProperty()
  position!: number;
}

export class MyPartDto {
  @ApiProperty({ description: 'whether you checked in' })
  checkedIn!: boolean;
  @ApiProperty({ type: [QuestionViewDto], description: 'your questions and contributions, in any status, with their text' })
  questions!: QuestionViewDto[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'the questions you upvoted' })
  upvoted!: string[];
}

export class RejectQuestionDto extends CancelMeetingDto {}

/** A meeting as lists answer it. */
export class MeetingViewDto extends CreatedViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  planId!: string;
  @ApiPropertyOptional({ format: 'uuid' })
  workingGroupId?: string;
  @ApiProperty({ enum: MEETING_KINDS })
  kind!: MeetingKind;
  @ApiProperty()
  title!: string;
  @ApiProperty({ format: 'date-time' })
  startsAt!: string;
  @ApiProperty({ format: 'date-time' })
  endsAt!: string;
  @ApiPropertyOptional()
  place?: string;
  @ApiPropertyOptional()
  link?: string;
  @ApiProperty({ type: InvitedDto })
  invited!: InvitedDto;
  @ApiProperty({ type: [AgendaItemViewDto] })
  agenda!: AgendaItemViewDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the agenda item under way' })
  currentItemId!: string | null;
  @ApiProperty({ enum: MEETING_STATUSES })
  status!: MeetingStatus;
  @ApiPropertyOptional({ format: 'date-time' })
  startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  closedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  cancelledAt?: string;
  @ApiPropertyOptional()
  cancelReason?: string;
  @ApiProperty({ type: [PollBaseDto], description: 'the polls opened, in order' })
  polls!: PollBaseDto[];
  @ApiProperty({ type: AttendanceCountsDto, description: 'how many checked in, by sector: never who' })
  attendance!: AttendanceCountsDto;
  @ApiPropertyOptional({ type: MinutesViewDto })
  minutes?: MinutesViewDto;
}

export class MinutesDetailDto extends MinutesViewDto {
  @ApiProperty({ type: [MinutesPollDto], description: "the meeting's polls with their results, fixed at their close" })
  polls!: MinutesPollDto[];
}

/** One meeting, with its polls' results as the caller may see them and its approved queue. */
export class MeetingDetailDto extends MeetingViewDto {
  @ApiPropertyOptional({ type: MinutesDetailDto })
  declare minutes?: MinutesDetailDto;
  @ApiProperty({ type: [PollViewDto], description: 'the polls opened, in order, each with its results as the caller may see them' })
  declare polls: PollViewDto[];
  @ApiProperty({
    type: [QuestionViewDto],
    description: 'the approved questions and contributions, most upvoted first, unanswered before answered',
  })
  questions!: QuestionViewDto[];
}
