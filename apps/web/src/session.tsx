import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import {
  type SessionUserDto,
  type SignInOptionsDto,
  answerOf,
  onUnauthorized,
  sessionControllerMe,
  sessionControllerOptions,
  setBearer,
} from './api';
import { live } from './live';

const STORAGE_KEY = 'cocrea.token';

export interface Session {
  /** Known once the stored token (if any) was checked and the sign-in options read. */
  ready: boolean;
  user?: SessionUserDto;
  options?: SignInOptionsDto;
  /** Checks a token with the server and, if it names someone, signs in with it (refused: nothing changes). */
  signInWith(token: string): Promise<void>;
  signOut(): void;
  has(...roles: SessionUserDto['roles']): boolean;
}

const SessionContext = createContext<Session>({
  ready: false,
  signInWith: async () => undefined,
  signOut: () => undefined,
  has: () => false,
});

/** When a token stops being good (its `exp`, in ms), read from its payload; undefined when it says nothing. */
const expiryOf = (token: string): number | undefined => {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
};
const expired = (token: string) => (expiryOf(token) ?? Infinity) <= Date.now();

const stored = (): string | undefined => {
  try {
    const token = sessionStorage.getItem(STORAGE_KEY) ?? undefined;
    return token && !expired(token) ? token : undefined;
  } catch {
    return undefined;
  }
};
const store = (token: string | undefined) => {
  try {
    if (token) sessionStorage.setItem(STORAGE_KEY, token);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (a private window): the session lasts as long as the page.
  }
};

/** Back to the sign-in, to return here; used when the server no longer accepts the token (expired, revoked). */
const signInAgain = () => {
  const here = `${window.location.pathname}${window.location.search}`;
  if (window.location.pathname !== '/sign-in') window.location.assign(`/sign-in?returnTo=${encodeURIComponent(here)}`);
};

/**
 * Who is signed in in this tab. The token is kept for the tab (sessionStorage), checked with the server before it
 * is used, dropped when it expires or the server refuses it (the person is asked to sign in again).
 */
export const SessionProvider = ({ children }: { children: ComponentChildren }) => {
  // The stored token goes on the very first requests the pages make (their effects run before this one's).
  const [initial] = useState(() => {
    const token = stored();
    setBearer(token);
    return token;
  });
  const [ready, setReady] = useState(false);
  const [user, setUser] = useState<SessionUserDto>();
  const [options, setOptions] = useState<SignInOptionsDto>();
  const [token, setToken] = useState<string | undefined>(initial);

  const end = useCallback(() => {
    store(undefined);
    setBearer(undefined);
    live.connect(undefined);
    setUser(undefined);
    setToken(undefined);
  }, []);

  const signInWith = useCallback(async (candidate: string) => {
    const me = await answerOf(sessionControllerMe({ headers: { Authorization: `Bearer ${candidate}` } }));
    store(candidate);
    setBearer(candidate);
    live.connect(candidate);
    setUser(me);
    setToken(candidate);
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      end();
      signInAgain();
    });
    live.onRefused(() => {
      end();
      signInAgain();
    });
    Promise.all([
      answerOf(sessionControllerOptions()).then(setOptions, () => undefined),
      initial ? signInWith(initial).catch(end) : Promise.resolve(),
    ]).finally(() => setReady(true));
  }, [end, signInWith, initial]);

  // Signed out when the token expires, rather than failing on the next request.
  useEffect(() => {
    const expiry = token && expiryOf(token);
    if (!expiry) return undefined;
    const timer = setTimeout(
      () => {
        end();
        signInAgain();
      },
      Math.max(0, Math.min(expiry - Date.now(), 2 ** 31 - 1)),
    );
    return () => clearTimeout(timer);
  }, [token, end]);

  const session = useMemo<Session>(
    () => ({
      ready,
      user,
      options,
      signInWith,
      signOut: end,
      has: (...roles) => !!user && roles.some((role) => user.roles.includes(role)),
    }),
    [ready, user, options, signInWith, end],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
};

export const useSession = () => useContext(SessionContext);
