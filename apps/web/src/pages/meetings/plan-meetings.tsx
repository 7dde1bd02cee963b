import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import {
  type CreateMeetingDto,
  type PlanViewDto,
  type WorkingGroupViewDto,
  answerOf,
  meetingsControllerCreate,
  meetingsControllerGet,
  meetingsControllerList,
} from '../../api';
import { field, useAction } from '../../components/action';
import { ReadState, Status } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { meetingTexts } from './messages';

const instant = (local: string) => new Date(local).toISOString();

/** Scheduling a meeting of the plan: its kind, title, time, place or link, agenda with time boxes, maybe a working group. */
const ScheduleMeeting = ({ plan, groups, anyGroup }: { plan: PlanViewDto; groups: WorkingGroupViewDto[]; anyGroup: boolean }) => {
  const t = useMessages(meetingTexts);
  const location = useLocation();
  const action = useAction();
  // The agenda's items are state (keys): a re-render must not lose what was typed.
  const [items, setItems] = useState<number[]>([0]);
  const [next, setNext] = useState(1);
  // The form is there once opened: the plan's page keeps one form of each kind (a proposal's draft has a title too).
  const [open, setOpen] = useState(false);
  const optional = (form: HTMLFormElement, name: string) => field(form, name) || undefined;
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t.plan.schedule}</summary>
      {open && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const body: CreateMeetingDto = {
              planId: plan.id,
              workingGroupId: optional(form, 'workingGroupId'),
              kind: field(form, 'kind') as CreateMeetingDto['kind'],
              title: field(form, 'title'),
              startsAt: instant(field(form, 'startsAt')),
              endsAt: instant(field(form, 'endsAt')),
              place: optional(form, 'place'),
              link: optional(form, 'link'),
              agenda: items.map((key) => ({ title: field(form, `item-${key}`), minutes: Number(field(form, `minutes-${key}`)) })),
            };
            action.run('schedule', async () => {
              const scheduled = await answerOf(meetingsControllerCreate({ body }));
              // Its page reads it at once: as of this write.
              await answerOf(meetingsControllerGet({ path: { id: scheduled.id }, query: { minPosition: scheduled.position } }));
              location.route(`/meetings/${scheduled.id}/run`);
            });
          }}
        >
          {action.error && (
            <p role="alert" class="error">
              {action.error}
            </p>
          )}
          <div class="grid">
            <label>
              {t.plan.kind}
              <select name="kind">
                {Object.entries(t.kinds).map(([kind, label]) => (
                  <option value={kind}>{label}</option>
                ))}
              </select>
            </label>
            <label>
              {t.plan.group}
              <select name="workingGroupId">
                {anyGroup && <option value="">{t.plan.noGroup}</option>}
                {groups.map((group) => (
                  <option value={group.id}>{group.name}</option>
                ))}
              </select>
            </label>
          </div>
          <label>
            {t.plan.name}
            <input name="title" required maxLength={300} />
          </label>
          <div class="grid">
            <label>
              {t.plan.startsAt}
              <input name="startsAt" type="datetime-local" required />
            </label>
            <label>
              {t.plan.endsAt}
              <input name="endsAt" type="datetime-local" required />
            </label>
          </div>
          <div class="grid">
            <label>
              {t.plan.place}
              <input name="place" maxLength={500} />
            </label>
            <label>
              {t.plan.link}
              <input name="link" type="url" maxLength={2000} />
            </label>
          </div>
          <fieldset>
            <legend>{t.plan.agenda}</legend>
            {items.map((key, index) => (
              <div key={key} class="grid agenda-item" data-agenda-item={index + 1}>
                <label>
                  {t.plan.item(index + 1)}: {t.plan.itemTitle}
                  <input name={`item-${key}`} required maxLength={300} />
                </label>
                <label>
                  {t.plan.item(index + 1)}: {t.plan.itemMinutes}
                  <input name={`minutes-${key}`} type="number" min={1} max={600} defaultValue="30" required />
                </label>
                {items.length > 1 && (
                  <button type="button" class="secondary outline" onClick={() => setItems(items.filter((other) => other !== key))}>
                    {t.plan.removeItem(index + 1)}
                  </button>
                )}
              </div>
            ))}
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setItems([...items, next]);
                setNext(next + 1);
              }}
            >
              {t.plan.addItem}
            </button>
          </fieldset>
          <button type="submit" disabled={action.busy !== undefined} aria-busy={action.busy === 'schedule'}>
            {t.plan.submit}
          </button>
        </form>
      )}
    </details>
  );
};

/** The plan's meetings (kind, title, date, status), each to its page; those who may, schedule one. */
export const PlanMeetings = ({ plan, groups }: { plan: PlanViewDto; groups: WorkingGroupViewDto[] }) => {
  const t = useMessages(meetingTexts);
  const shared = useMessages(common);
  const format = useFormat();
  const session = useSession();
  const meetings = useRead(() => answerOf(meetingsControllerList({ query: { planId: plan.id } })), [plan.id]);
  const user = session.user;
  // Moderators and admins schedule any meeting of the plan; a group's lead, its group's.
  const led = user ? groups.filter((group) => group.members.some((member) => member.userId === user.id && member.role === 'lead')) : [];
  const anyGroup = session.has('moderator', 'admin');
  return (
    <section aria-labelledby="meetings">
      <h2 id="meetings">{t.plan.title}</h2>
      {(anyGroup || led.length > 0) && <ScheduleMeeting plan={plan} groups={anyGroup ? groups : led} anyGroup={anyGroup} />}
      <ReadState read={meetings}>
        {(list) =>
          list.length === 0 ? (
            <p>{shared.none}</p>
          ) : (
            <ul>
              {list.map((meeting) => (
                <li key={meeting.id} data-meeting={meeting.id}>
                  <span class="meta">{t.kinds[meeting.kind] ?? meeting.kind}:</span> <a href={`/meetings/${meeting.id}`}>{meeting.title}</a>{' '}
                  <Status status={meeting.status} /> <span class="meta">{format.dateTime(meeting.startsAt)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </ReadState>
    </section>
  );
};
