import { useState } from 'preact/hooks';
import {
  answerOf,
  proposalsControllerDiff,
  proposalsControllerGet,
  proposalsControllerHistory,
  type ProposalHistoryEntryDto,
  type ProposalViewDto,
} from '../../api';
import { ReadState, Status } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { useRoom } from '../../live';
import { useSession } from '../../session';
import { useFirstFor, useRead, useVersion } from '../../use-read';
import { Comments } from './comments';
import { ProposalActions } from './proposal-actions';
import { portal } from './messages';

export const SECTIONS = ['problem', 'baseline', 'objective', 'description', 'ambition', 'milestones'] as const;

/** The proposal's sections as text, each under its name, those written only (the editor's read-only view too). */
export const Sections = ({ proposal }: { proposal: ProposalViewDto }) => {
  const t = useMessages(portal).proposal;
  return (
    <div class="sections">
      {SECTIONS.filter((section) => proposal.sections[section]).map((section) => (
        <article data-section={section}>
          <header>
            <h2>{t.sections[section]}</h2>
          </header>
          <p style={{ whiteSpace: 'pre-wrap' }}>{proposal.sections[section]}</p>
        </article>
      ))}
    </div>
  );
};

/** Revisions `from` → `to` of a proposal, field by field, as the server's diff tells them (the editor shows it too). */
export const Diff = ({ proposalId, revision }: { proposalId: string; revision: number }) => {
  const t = useMessages(portal).proposal;
  const [range, setRange] = useState({ from: Math.max(1, revision - 1), to: revision });
  const diff = useRead(
    () => answerOf(proposalsControllerDiff({ path: { id: proposalId }, query: range })),
    [proposalId, range.from, range.to],
  );
  const revisions = Array.from({ length: revision }, (_, index) => index + 1);
  const select = (name: 'from' | 'to', label: string) => (
    <label>
      {label}
      <select name={name} value={range[name]} onChange={(event) => setRange({ ...range, [name]: Number(event.currentTarget.value) })}>
        {revisions.map((revision) => (
          <option value={revision}>{revision}</option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="diff">
      <h2 id="diff">{t.diff}</h2>
      <div class="grid">
        {select('from', t.from)}
        {select('to', t.to)}
      </div>
      <ReadState read={diff}>
        {(answer) => {
          const fields = Object.entries(answer.changes);
          if (fields.length === 0) return <p>{t.unchanged}</p>;
          return (
            <dl>
              {fields.map(([field, change]) => (
                <>
                  <dt>{field === 'title' ? t.title : (t.sections[field] ?? field)}</dt>
                  <dd>
                    {change.before !== null && <del class="diff">{change.before}</del>}{' '}
                    {change.after !== null && <ins class="diff">{change.after}</ins>}
                  </dd>
                </>
              ))}
            </dl>
          );
        }}
      </ReadState>
    </section>
  );
};

/** Every event of a proposal, read from the log: what happened, at which revision, by whom and when. */
export const History = ({ history }: { history: ProposalHistoryEntryDto[] }) => {
  const t = useMessages(portal).proposal;
  const shared = useMessages(common);
  const format = useFormat();
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t.history}</h2>
      <ol class="timeline">
        {history.map((entry) => (
          <li>
            <strong>{t.events[entry.type] ?? entry.type}</strong> · {shared.revision(entry.revision)}
            {entry.actor.name ? ` · ${t.by(entry.actor.name)}` : ''} · <span class="meta">{format.dateTime(entry.time)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
};

/** A proposal as anyone can read it: its sections, status, history, changes and comments; live for the signed in. */
export const ProposalPage = ({ id }: { id: string }) => {
  const t = useMessages(portal).proposal;
  const shared = useMessages(common);
  const session = useSession();
  const [version, bump] = useVersion();
  const read = useRead(async () => {
    const [proposal, history] = await Promise.all([
      answerOf(proposalsControllerGet({ path: { id } })),
      answerOf(proposalsControllerHistory({ path: { id } })),
    ]);
    return { proposal, history };
  }, [id, version]);
  // Signed in, the page follows the proposal's room: an edit, a decision or a comment shows at once.
  const followedFrom = useFirstFor(id, read.data?.proposal.position);
  useRoom(session.user ? `proposal:${id}` : undefined, followedFrom, { event: bump });
  return (
    <ReadState read={read}>
      {({ proposal, history }) => (
        <>
          <hgroup>
            <h1>{proposal.title}</h1>
            <p>
              <Status status={proposal.status} /> · {shared.revision(proposal.revision)} · {proposal.leadEntity}
              {session.user && (proposal.status === 'draft' || proposal.status === 'submitted') ? (
                <>
                  {' '}
                  · <a href={`/proposals/${proposal.id}/edit`}>{t.edit}</a>
                </>
              ) : null}
            </p>
          </hgroup>
          <ProposalActions proposal={proposal} changed={bump} />
          {proposal.statusReason && (
            <p>
              <strong>{t.reason}:</strong> {proposal.statusReason}
            </p>
          )}
          <Sections proposal={proposal} />
          <History history={history} />
          {proposal.revision > 1 && <Diff proposalId={proposal.id} revision={proposal.revision} />}
          <Comments targetType="proposal" targetId={proposal.id} version={version} />
        </>
      )}
    </ReadState>
  );
};
