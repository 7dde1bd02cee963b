import { useLocation } from 'preact-iso';
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  answerOf,
  proposalsControllerEdit,
  proposalsControllerGet,
  proposalsControllerHistory,
  workingGroupsControllerGet,
  type ProposalViewDto,
  type SessionUserDto,
} from '../../api';
import { ReadState, Status } from '../../components/read-state';
import { useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { type LiveEvent, live, useRoom } from '../../live';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { Diff, History, Sections } from '../portal/proposal';
import { type Conflict, FIELDS, type Field, draftsOf, reduceDrafts } from './drafts';
import { FieldEditor } from './field-editor';
import { editor } from './messages';
import { type Present, PresenceList, presenceNews } from './presence';

/** Statuses in which the server still takes edits. */
const EDITABLE: ReadonlyArray<ProposalViewDto['status']> = ['draft', 'submitted'];

/** The field an event of the proposal's room changed and the text it set, if it is an edit. */
const editOf = (event: LiveEvent): { field: Field; text: string } | undefined => {
  const { data } = event;
  if (event.type === 'ProposalRetitled' && typeof data.title === 'string') return { field: 'title', text: data.title };
  if (event.type === 'ProposalSectionEdited' && typeof data.text === 'string' && FIELDS.includes(data.section as Field)) {
    return { field: data.section as Field, text: data.text };
  }
  return undefined;
};

/** The server's text of `field` in a 409's `details.conflicts`, if it names it. */
const conflictOf = (error: unknown, field: Field): Omit<Conflict, 'mine'> | undefined => {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const { conflicts } = (error.details ?? {}) as { conflicts?: Array<{ section?: unknown; current?: unknown; revision?: unknown }> };
  const conflict = conflicts?.find((entry) => entry.section === field);
  if (typeof conflict?.current !== 'string' || typeof conflict.revision !== 'number') return undefined;
  return { current: conflict.current, revision: conflict.revision, message: error.message };
};

/** The proposal as text, for whoever may not edit it: why not, and where the public page is. */
const ReadOnly = ({ proposal, reason }: { proposal: ProposalViewDto; reason: string }) => {
  const t = useMessages(editor);
  return (
    <>
      <h1>{proposal.title}</h1>
      <p role="note" class="notice">
        {reason} <a href={`/proposals/${proposal.id}`}>{t.publicPage}</a>
      </p>
      <Sections proposal={proposal} />
    </>
  );
};

/**
 * Every field of the proposal side by side, each saved on its own revision. The proposal's room brings the others'
 * saves (taken in place where nothing is unsaved) and who is here and editing what; a save someone overtook opens
 * the merge.
 */
const Editor = ({ proposal, me }: { proposal: ProposalViewDto; me: string }) => {
  const t = useMessages(editor);
  const shared = useMessages(common);
  const room = `proposal:${proposal.id}`;
  const labelOf = (field: string) => (field === 'title' ? t.title : (t.sections[field] ?? field));
  const [drafts, dispatch] = useReducer(reduceDrafts, proposal, draftsOf);
  const [users, setUsers] = useState<Present[]>([]);
  const [news, setNews] = useState('');
  // The proposal's revision as the room tells it, for its history and diff.
  const [revision, setRevision] = useState(proposal.revision);
  const history = useRead(() => answerOf(proposalsControllerHistory({ path: { id: proposal.id } })), [proposal.id, revision]);
  const known = useRef<Present[] | undefined>(undefined);

  useRoom(room, proposal.position, {
    event: (event) => {
      // The room also carries the comments on the proposal, whose revisions are their own streams'.
      if (event.streamId !== `proposal-${proposal.id}`) return;
      setRevision((known) => Math.max(known, event.revision));
      const edit = editOf(event);
      if (!edit) return;
      const by = typeof event.metadata.actorName === 'string' ? event.metadata.actorName : t.someone;
      dispatch({ type: 'arrived', ...edit, revision: event.revision, by });
      if (event.metadata.actorId !== me) setNews(t.announce.saved(by, labelOf(edit.field)));
    },
    presence: (presence) => {
      // The first list says who was here already: nobody just came.
      const said = known.current && presenceNews(known.current, presence.users, me, t, labelOf);
      known.current = presence.users;
      setUsers(presence.users);
      if (said) setNews(said);
    },
  });

  const save = async (field: Field, text: string, expectedRevision: number) => {
    if (text !== drafts[field].text) dispatch({ type: 'typed', field, text });
    dispatch({ type: 'saving', field });
    try {
      const answer = await answerOf(
        proposalsControllerEdit({ path: { id: proposal.id }, body: { expectedRevision, changes: { [field]: text } } }),
      );
      dispatch({ type: 'saved', field, text, revision: answer.revision });
    } catch (error) {
      const conflict = conflictOf(error, field);
      if (conflict) dispatch({ type: 'conflicted', field, conflict: { ...conflict, mine: text } });
      else dispatch({ type: 'failed', field, message: (error as Error).message });
    }
  };

  return (
    <>
      <hgroup>
        <h1>{t.heading(drafts.title.saved)}</h1>
        <p>
          <Status status={proposal.status} /> · {shared.revision(revision)} ·{' '}
          <a href={`/proposals/${proposal.id}#history`}>{t.publicPage}</a>
        </p>
      </hgroup>
      <p>{t.intro}</p>
      <PresenceList users={users} me={me} labelOf={labelOf} />
      {/* Others' saves and comings and goings, said once to screen readers (and shown). */}
      <p role="status" aria-live="polite" class="meta" data-testid="news">
        {news}
      </p>
      <div class="editor-grid">
        {FIELDS.map((field) => {
          const draft = drafts[field];
          return (
            <FieldEditor
              field={field}
              label={labelOf(field)}
              draft={draft}
              editingBy={users.filter((user) => user.userId !== me && user.editing === field).map((user) => user.name)}
              onType={(text) => dispatch({ type: 'typed', field, text })}
              onFocus={() => live.editing(room, field)}
              onBlur={() => live.editing(room, undefined)}
              onSave={(text) => save(field, text, draft.conflict?.revision ?? draft.revision)}
              onTakeTheirs={() => dispatch({ type: 'tookTheirs', field })}
            />
          );
        })}
      </div>
      <ReadState read={history}>{(entries) => <History proposalId={proposal.id} history={entries} />}</ReadState>
      {revision > 1 && <Diff key={revision} proposalId={proposal.id} revision={revision} />}
    </>
  );
};

/** The editor once the proposal and its group are read: for the group's members, moderators and admins. */
const EditorFor = ({ id, user }: { id: string; user: SessionUserDto }) => {
  const t = useMessages(editor);
  const shared = useMessages(common);
  const session = useSession();
  const read = useRead(async () => {
    const proposal = await answerOf(proposalsControllerGet({ path: { id } }));
    const group = await answerOf(workingGroupsControllerGet({ path: { id: proposal.workingGroupId } }));
    return { proposal, group };
  }, [id]);
  return (
    <ReadState read={read}>
      {({ proposal, group }) => {
        // The server decides on every save; this only spares a person a form they could not save.
        const member = session.has('moderator', 'admin') || group.members.some((entry) => entry.userId === user.id);
        if (!member) return <ReadOnly proposal={proposal} reason={t.readOnly.notMember} />;
        if (!EDITABLE.includes(proposal.status)) {
          return <ReadOnly proposal={proposal} reason={t.readOnly.closed(shared.statuses[proposal.status] ?? proposal.status)} />;
        }
        return <Editor proposal={proposal} me={user.id} />;
      }}
    </ReadState>
  );
};

/** `/proposals/:id/edit`: the proposal editor; a signed-out visitor is sent to sign in first and brought back. */
export const EditorPage = ({ id }: { id: string }) => {
  const shared = useMessages(common);
  const session = useSession();
  const location = useLocation();
  const signedOut = session.ready && !session.user;
  useEffect(() => {
    if (signedOut) location.route(`/sign-in?returnTo=${encodeURIComponent(location.url)}`, true);
  }, [signedOut]);
  if (!session.user) return <p aria-busy="true">{shared.loading}</p>;
  return <EditorFor id={id} user={session.user} />;
};
