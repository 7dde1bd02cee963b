import { catalogue } from '../../i18n';

/** The texts of what signed-in people do on the public pages: draft, submit, withdraw, comment. */
export const contribute = catalogue(
  {
    draft: {
      open: 'Redactar una propuesta',
      group: 'Grupo de trabajo',
      title: 'Título',
      lead: 'Entidad líder',
      branch: 'Rama',
      branches: {
        executive: 'ejecutiva',
        judicial: 'judicial',
        legislative: 'legislativa',
        control: 'órganos de control',
        subnational: 'subnacional',
      } as Record<string, string>,
      themes: 'Temas',
      submit: 'Crear el borrador',
      noGroup: 'Para redactar una propuesta hay que ser miembro de uno de los grupos de trabajo del plan.',
    },
    actions: { submit: 'Presentar la propuesta', withdraw: 'Retirar la propuesta', reason: 'Motivo (opcional)' },
    comment: { label: 'Su comentario', post: 'Publicar el comentario', signIn: 'Inicie sesión para comentar.' },
  },
  {
    draft: {
      open: 'Draft a proposal',
      group: 'Working group',
      title: 'Title',
      lead: 'Lead entity',
      branch: 'Branch',
      branches: {
        executive: 'executive',
        judicial: 'judicial',
        legislative: 'legislative',
        control: 'control bodies',
        subnational: 'subnational',
      },
      themes: 'Themes',
      submit: 'Create the draft',
      noGroup: "To draft a proposal you must be a member of one of the plan's working groups.",
    },
    actions: { submit: 'Submit the proposal', withdraw: 'Withdraw the proposal', reason: 'Reason (optional)' },
    comment: { label: 'Your comment', post: 'Post the comment', signIn: 'Sign in to comment.' },
  },
);
