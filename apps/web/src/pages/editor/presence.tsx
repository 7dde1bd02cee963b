import { useMessages } from '../../i18n';
import type { Presence } from '../../live';
import { editor } from './messages';

export type Present = Presence['users'][number];

/** What changed between two presence lists, said in a sentence for the live region (nothing: undefined). */
export const presenceNews = (
  before: Present[],
  after: Present[],
  me: string,
  t: (typeof editor)['es'],
  labelOf: (field: string) => string,
): string | undefined => {
  const others = (users: Present[]) => new Map(users.filter((user) => user.userId !== me).map((user) => [user.userId, user]));
  const was = others(before);
  const is = others(after);
  const news = [
    ...[...is.values()].filter((user) => !was.has(user.userId)).map((user) => t.announce.joined(user.name)),
    ...[...was.values()].filter((user) => !is.has(user.userId)).map((user) => t.announce.left(user.name)),
    ...[...is.values()]
      .filter((user) => user.editing && user.editing !== was.get(user.userId)?.editing)
      .map((user) => t.announce.editing(user.name, labelOf(user.editing!))),
  ];
  return news.length > 0 ? news.join('. ') : undefined;
};

/** Who has the editor open, and which section each is editing. */
export const PresenceList = ({ users, me, labelOf }: { users: Present[]; me: string; labelOf: (field: string) => string }) => {
  const t = useMessages(editor).presence;
  const others = users.filter((user) => user.userId !== me);
  return (
    <section aria-labelledby="presence" class="presence">
      <h2 id="presence">{t.heading}</h2>
      {others.length === 0 ? (
        <p class="meta">{t.alone}</p>
      ) : (
        <ul data-testid="presence">
          {users.map((user) => (
            <li data-user={user.userId}>
              {user.userId === me ? t.you(user.name) : user.editing ? t.editing(user.name, labelOf(user.editing)) : user.name}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
