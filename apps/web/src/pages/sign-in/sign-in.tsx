import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { ROLES } from '../../roles';
import { answerOf, developmentSignInControllerSignIn } from '../../api';
import { useMessages } from '../../i18n';
import { common } from '../../i18n/common';
import { useSession } from '../../session';
import { finishOpenIdSignIn, startOpenIdSignIn } from './openid';
import { signIn } from './messages';

/** Where to go once signed in: a path of this app only (never another site, never the server's own /api paths). */
export const safeReturn = (target: string | null | undefined): string =>
  target && /^\/(?![/\\])/.test(target) && !/^\/api(\/|$)/.test(target) ? target : '/';
const returnTarget = () => safeReturn(new URLSearchParams(window.location.search).get('returnTo'));

/** The sign-in the server offers: a development sign-in, the identity provider, or a pasted token. */
export const SignInPage = () => {
  const t = useMessages(signIn);
  const shared = useMessages(common);
  const session = useSession();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [roles, setRoles] = useState<string[]>(['participant']);

  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    work().catch((failure: Error) => {
      setError(failure.message);
      setBusy(false);
    });
  };

  if (!session.ready) return <p aria-busy="true">{shared.loading}</p>;
  const method = session.options?.method ?? 'token';
  return (
    <article>
      <h1>{t.title}</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {method === 'development' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get('name') ?? '');
            run(async () => {
              const answer = await answerOf(
                developmentSignInControllerSignIn({ body: { name, roles: roles as (typeof ROLES)[number][] } }),
              );
              await session.signInWith(answer.token);
              location.route(returnTarget());
            });
          }}
        >
          <p>{t.development.intro}</p>
          <label>
            {t.development.name}
            <input name="name" required maxLength={60} autoComplete="name" />
          </label>
          <fieldset>
            <legend>{t.development.roles}</legend>
            {ROLES.map((role) => (
              <label>
                <input
                  type="checkbox"
                  name="roles"
                  value={role}
                  checked={roles.includes(role)}
                  onChange={(event) => setRoles(event.currentTarget.checked ? [...roles, role] : roles.filter((chosen) => chosen !== role))}
                />
                {shared.roles[role]}
              </label>
            ))}
          </fieldset>
          <button type="submit" aria-busy={busy} disabled={busy || roles.length === 0}>
            {t.development.submit}
          </button>
        </form>
      )}
      {method === 'openid' && session.options && (
        <>
          <p>{t.openid.intro}</p>
          <button
            type="button"
            aria-busy={busy}
            disabled={busy}
            onClick={() => run(() => startOpenIdSignIn(session.options!, returnTarget()))}
          >
            {t.openid.submit}
          </button>
        </>
      )}
      {method === 'token' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const token = String(new FormData(event.currentTarget).get('token') ?? '').trim();
            run(async () => {
              await session.signInWith(token);
              location.route(returnTarget());
            });
          }}
        >
          <p>{t.token.intro}</p>
          <label>
            {t.token.label}
            <textarea name="token" required rows={4} />
          </label>
          <button type="submit" aria-busy={busy} disabled={busy}>
            {t.token.submit}
          </button>
        </form>
      )}
    </article>
  );
};

/** Where the identity provider sends the browser back with the code. */
export const CallbackPage = () => {
  const t = useMessages(signIn);
  const session = useSession();
  const location = useLocation();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!session.ready) return;
    if (session.options?.method !== 'openid') {
      setError(t.callback.noProvider);
      return;
    }
    finishOpenIdSignIn(session.options)
      .then(async (finished) => {
        if (!finished) return setError(t.callback.notStarted);
        await session.signInWith(finished.token);
        location.route(safeReturn(finished.returnTo), true);
      })
      .catch((failure: Error) => setError(failure.message));
  }, [session.ready, session.options]);
  return error ? (
    <div role="alert" class="card">
      <h1>{t.callback.failed}</h1>
      <p>{error}</p>
    </div>
  ) : (
    <p aria-busy="true">{t.callback.working}</p>
  );
};
