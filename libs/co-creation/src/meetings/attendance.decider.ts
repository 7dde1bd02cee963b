import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { t } from '@cocrea/platform/i18n/text';
import { ensureMeetingStatus, ensureRunner, existingMeeting, type Meeting, type RunnerContext } from './meeting.decider';

export const SECTORS = ['government', 'civil-society', 'academia', 'private', 'international', 'citizen'] as const;
export type Sector = (typeof SECTORS)[number];

export interface CheckIn {
  meetingId: string;
  attendeeId: string;
  name: string;
  organisation: string;
  sector: Sector;
  /** `self`: a signed-in participant checked themselves in; `runner`: whoever runs the meeting checked them in. */
  by: 'self' | 'runner';
}

export type AttendanceEvent = Event<'AttendeeCheckedIn', CheckIn>;

export type AttendanceCommand = Command<'CheckIn', CheckIn, RunnerContext & { meeting: Meeting }>;

/**
 * `meetingAttendee-<meetingId>.<attendeeId>`: one stream per attendee, so that a room checking in at once never
 * contends for one stream. A signed-in participant's attendee id is their pseudonym in the meeting (ballot-key.ts):
 * the stream's name, which the public record shows, says nothing of who they are.
 */
export const ATTENDEE_CATEGORY = 'meetingAttendee';
export const attendeeStream = (meetingId: string, attendeeId: string) => `${ATTENDEE_CATEGORY}-${meetingId}.${attendeeId}`;

export const attendanceDecider: Decider<{ checkedIn: boolean }, AttendanceCommand, AttendanceEvent> = {
  // The attendee's name is withheld from public exports, whoever checked them in (a moderator checks in walk-ins).
  // Organisation and sector are counted publicly.
  privacy: { others: { AttendeeCheckedIn: ['data.name'] } },

  initialState: () => ({ checkedIn: false }),

  decide({ data, context }, state) {
    const meeting = existingMeeting(context.meeting, data.meetingId);
    if (data.by === 'runner') ensureRunner(context, t`check someone else in`);
    ensureMeetingStatus(meeting, ['scheduled', 'in-progress'], t`check in`);
    if (data.name.trim().length === 0) return refuse('name-required', t`an attendee needs a name`);
    if (data.organisation.trim().length === 0) return refuse('organisation-required', t`an attendee needs an organisation`);
    // Checking in again changes nothing: one attendance each.
    if (state.checkedIn) return [];
    return [{ type: 'AttendeeCheckedIn', data }];
  },

  evolve: () => ({ checkedIn: true }),
};
