import { catalogue } from '../../i18n';

export const signIn = catalogue(
  {
    title: 'Iniciar sesión',
    development: {
      intro: 'Servidor de desarrollo, sin proveedor de identidad: elija un nombre y sus roles. No existe en producción.',
      name: 'Nombre',
      roles: 'Roles',
      submit: 'Entrar',
    },
    openid: { intro: 'Inicie sesión con la cuenta de su organización.', submit: 'Continuar con el proveedor de identidad' },
    token: { intro: 'Pegue el token que le entregó la administración.', label: 'Token', submit: 'Entrar' },
    callback: {
      working: 'Completando el inicio de sesión…',
      failed: 'No se pudo completar el inicio de sesión',
      notStarted: 'No se inició ningún inicio de sesión en esta pestaña.',
      noProvider: 'Este servidor no usa un proveedor de identidad.',
    },
    signedIn: (name: string) => `Sesión iniciada como ${name}.`,
  },
  {
    title: 'Sign in',
    development: {
      intro: 'Development server without an identity provider: choose a name and your roles. This does not exist in production.',
      name: 'Name',
      roles: 'Roles',
      submit: 'Sign in',
    },
    openid: { intro: "Sign in with your organisation's account.", submit: 'Continue with the identity provider' },
    token: { intro: 'Paste the token an administrator gave you.', label: 'Token', submit: 'Sign in' },
    callback: {
      working: 'Completing the sign-in…',
      failed: 'The sign-in could not be completed',
      notStarted: 'No sign-in was started in this tab.',
      noProvider: 'This server does not use an identity provider.',
    },
    signedIn: (name: string) => `Signed in as ${name}.`,
  },
);
