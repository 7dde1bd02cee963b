import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { type SessionUserDto, type SignInOptionsDto, answerOf, sessionControllerMe, sessionControllerOptions, useToken } from './api';
import { live } from './live';

const STORAGE_KEY = 'cocrea.token';

export interface Session {
  /** Known once the stored token (if any) was checked and the sign-in options read. */
  ready: boolean;
  user?: SessionUserDto;
  options?: SignInOptionsDto;
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

const storedToken = () => {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
};

/** Who is signed in in this tab: the token is kept for the tab (sessionStorage), checked against the server. */
export const SessionProvider = ({ children }: { children: ComponentChildren }) => {
  const [ready, setReady] = useState(false);
  const [user, setUser] = useState<SessionUserDto>();
  const [options, setOptions] = useState<SignInOptionsDto>();

  const adopt = useCallback(async (token: string | undefined) => {
    useToken(token);
    if (!token) {
      setUser(undefined);
      live.connect(undefined);
      return;
    }
    const me = await answerOf(sessionControllerMe());
    sessionStorage.setItem(STORAGE_KEY, token);
    setUser(me);
    live.connect(token);
  }, []);

  useEffect(() => {
    const token = storedToken();
    Promise.all([
      answerOf(sessionControllerOptions()).then(setOptions, () => undefined),
      adopt(token).catch(() => {
        sessionStorage.removeItem(STORAGE_KEY);
        return adopt(undefined);
      }),
    ]).finally(() => setReady(true));
  }, [adopt]);

  const session = useMemo<Session>(
    () => ({
      ready,
      user,
      options,
      signInWith: adopt,
      signOut: () => {
        sessionStorage.removeItem(STORAGE_KEY);
        void adopt(undefined);
      },
      has: (...roles) => !!user && roles.some((role) => user.roles.includes(role)),
    }),
    [ready, user, options, adopt],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
};

export const useSession = () => useContext(SessionContext);
