import { catalogue } from '../../i18n';
import { portal } from '../portal/messages';

/** The proposal editor's texts. The names of the sections are the portal's, so both pages call them the same. */
export const editor = catalogue(
  {
    heading: (title: string) => `Editar: ${title}`,
    intro: 'Cada sección se guarda por separado. Lo que otras personas guarden aparece aquí sin recargar la página.',
    publicPage: 'Ver la página pública (historia y cambios)',
    title: 'Título',
    sections: portal.es.proposal.sections,
    save: 'Guardar',
    unsaved: 'Cambios sin guardar',
    saved: 'Guardado',
    editingThis: (names: string) => `${names} está editando esta sección`,
    changedMeanwhile: (name: string) =>
      `${name} cambió esta sección mientras usted la editaba. Al guardar verá su versión junto a la suya para combinarlas.`,
    someone: 'Alguien',
    presence: {
      heading: 'Quién está aquí',
      you: (name: string) => `${name} (usted)`,
      alone: 'Por ahora solo está usted.',
      editing: (name: string, section: string) => `${name} está editando ${section}`,
    },
    announce: {
      joined: (name: string) => `${name} entró al editor`,
      left: (name: string) => `${name} salió del editor`,
      editing: (name: string, section: string) => `${name} está editando ${section}`,
      saved: (name: string, field: string) => `${name} guardó ${field}`,
    },
    merge: {
      heading: (field: string) => `Combinar ${field}`,
      intro: 'Otra persona guardó esta sección después de que usted empezó. Compare los textos y decida cuál queda.',
      theirs: (field: string) => `${field}: el texto guardado ahora`,
      mine: (field: string) => `${field}: su texto (puede combinar ambos aquí)`,
      keepMine: 'Quedarme con el mío',
      takeTheirs: 'Tomar el guardado',
      saveMerged: 'Guardar el texto combinado',
    },
    readOnly: {
      notMember: 'Solo los miembros del grupo de trabajo de esta propuesta, moderación y administración pueden editarla.',
      closed: (status: string) => `Esta propuesta está ${status}: ya no se puede editar.`,
    },
  },
  {
    heading: (title: string) => `Edit: ${title}`,
    intro: 'Each section is saved on its own. What other people save shows here without reloading the page.',
    publicPage: 'See the public page (history and changes)',
    title: 'Title',
    sections: portal.en.proposal.sections,
    save: 'Save',
    unsaved: 'Unsaved changes',
    saved: 'Saved',
    editingThis: (names: string) => `${names} is editing this section`,
    changedMeanwhile: (name: string) =>
      `${name} changed this section while you were editing it. When you save you will see their version beside yours to merge them.`,
    someone: 'Someone',
    presence: {
      heading: 'Who is here',
      you: (name: string) => `${name} (you)`,
      alone: 'Only you for now.',
      editing: (name: string, section: string) => `${name} is editing ${section}`,
    },
    announce: {
      joined: (name: string) => `${name} joined the editor`,
      left: (name: string) => `${name} left the editor`,
      editing: (name: string, section: string) => `${name} is editing ${section}`,
      saved: (name: string, field: string) => `${name} saved ${field}`,
    },
    merge: {
      heading: (field: string) => `Merge ${field}`,
      intro: 'Someone else saved this section after you started. Compare the texts and decide which one stays.',
      theirs: (field: string) => `${field}: the text saved now`,
      mine: (field: string) => `${field}: your text (you can merge both here)`,
      keepMine: 'Keep mine',
      takeTheirs: 'Take the saved one',
      saveMerged: 'Save the merged text',
    },
    readOnly: {
      notMember: "Only members of this proposal's working group, moderators and admins may edit it.",
      closed: (status: string) => `This proposal is ${status}: it can no longer be edited.`,
    },
  },
);
