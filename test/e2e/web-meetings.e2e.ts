import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, people } from '../support/app-harness';
import { accessibilityProblems, launchBrowser, personIn, screenshot, signInAs, watchForErrors, webBuild } from '../support/browser';
import { Scenario, type Written } from '../support/scenario';

/**
 * A work table in a real browser: a moderator schedules and runs it, attendees on phones check in, vote and ask,
 * the projector's bars and queue move live, and the minutes' agreement reaches the proposal's history.
 */
describe('the web app: meetings (work tables)', () => {
  let app: TestApp;
  let browser: Browser;
  let scenario: Scenario;
  let plan: Written;
  let proposal: Written;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ config: { webDir: webBuild() } });
    browser = await launchBrowser();
    scenario = new Scenario(app);
    plan = await scenario.plan({ title: 'IV Plan de Acción' });
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    proposal = await scenario.proposal(group, { by: people.ana, title: 'Contratación abierta territorial', submitted: true });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const person = async (name: string, roles: string[], path: string, width?: number): Promise<{ page: Page; errors: string[] }> => {
    const context = await personIn(browser, app.url, { width });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signInAs(page, name, roles);
    await page.goto(path);
    return { page, errors };
  };
  const votesFor = (page: Page, pollId: string, optionId: string) =>
    page.locator(`[data-results="${pollId}"] .bars li[data-option="${optionId}"] [data-testid=votes]`);

  it('schedules, runs and closes a technical table with two attendees on phones and a projector; the agreement reaches the proposal', async () => {
    // The moderator schedules the table from the plan's page.
    const runner = await person('Marta', ['moderator'], `/plans/${plan.id}`);
    const { page } = runner;
    await page.getByRole('heading', { name: 'Reuniones' }).waitFor();
    await page.getByText('Programar una reunión').click();
    const schedule = page.locator('details', { has: page.getByText('Programar una reunión') });
    await schedule.getByLabel('Tipo').selectOption('technical-table');
    await schedule.getByLabel('Título').fill('Mesa técnica de contratación abierta');
    await schedule.getByLabel('Empieza').fill('2027-03-10T14:00');
    await schedule.getByLabel('Termina').fill('2027-03-10T17:00');
    await schedule.getByLabel('Lugar (o un enlace, o ambos)').fill('Bogotá, salón 3');
    await schedule.getByLabel('Punto 1: Tema').fill('Bienvenida');
    await schedule.getByLabel('Punto 1: Minutos').fill('10');
    await schedule.getByRole('button', { name: 'Añadir un punto' }).click();
    await schedule.getByLabel('Punto 2: Tema').fill('Línea base');
    await schedule.getByLabel('Punto 2: Minutos').fill('45');
    await expect(accessibilityProblems(page)).resolves.toEqual([]);
    await schedule.getByRole('button', { name: 'Programar la reunión' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]+\/run$/);
    const id = /\/meetings\/([0-9a-f-]+)\/run$/.exec(page.url())![1];
    await page.getByRole('heading', { name: 'Mesa técnica de contratación abierta' }).waitFor();
    const scheduled = (await app.get(`/api/meetings/${id}`)).body;
    expect(scheduled).toMatchObject({
      planId: plan.id,
      kind: 'technical-table',
      status: 'scheduled',
      place: 'Bogotá, salón 3',
      // Written in Bogotá: 14:00 there is 19:00 UTC.
      startsAt: '2027-03-10T19:00:00.000Z',
      endsAt: '2027-03-10T22:00:00.000Z',
    });
    expect(scheduled.agenda.map((item: { title: string; minutes: number }) => [item.title, item.minutes])).toEqual([
      ['Bienvenida', 10],
      ['Línea base', 45],
    ]);
    await page.getByTestId('current-item').getByText('La reunión no ha empezado.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // Started, the first item is current; a walk-in without an account is checked in by the table.
    await page.getByRole('button', { name: 'Iniciar la reunión' }).click();
    await page.getByTestId('current-item').getByText('Bienvenida').waitFor();
    await page.getByLabel('Nombre (para quien no tiene cuenta)').fill('Luz Pérez');
    await page.getByLabel('Organización o entidad').fill('MinTIC');
    await page.getByLabel('Sector').selectOption('government');
    await page.getByRole('button', { name: 'Registrar la asistencia' }).click();
    await page.getByTestId('attendance-total').getByText('1 persona registrada').waitFor();
    await page.locator('tr[data-sector=government] td').getByText('1').waitFor();

    const projector = await person('Marta', ['moderator'], `/meetings/${id}/projector`);
    await projector.page.getByTestId('current-item').getByText('Bienvenida').waitFor();
    await projector.page.getByText('En vivo').waitFor();

    await page.getByRole('button', { name: 'Pasar a este punto: Línea base' }).click();
    await page.getByTestId('current-item').getByText('Línea base').waitFor();
    await page.getByTestId('current-item').getByText('45 min, desde las').waitFor();
    await projector.page.getByTestId('current-item').getByText('Línea base').waitFor();

    // A poll on the current item, results live.
    await page.getByText('Abrir una votación').click();
    await page.getByLabel('Pregunta o afirmación').fill('¿Se incluye la línea base de 2016?');
    await page.getByLabel('Opciones, una por línea').fill('Sí\nNo\nCon cambios');
    await page.getByRole('button', { name: 'Abrir la votación' }).click();
    const card = page.locator('article[data-poll-card]');
    await card.getByText('0 personas han votado').waitFor();
    const pollId = (await card.getAttribute('data-poll-card'))!;
    await projector.page.locator(`[data-results="${pollId}"]`).getByText('0 personas han votado').waitFor();

    // Two attendees on phones check themselves in, vote and ask.
    const [camila, diego] = await Promise.all(['Camila', 'Diego'].map((name) => person(name, ['participant'], `/meetings/${id}`, 375)));
    for (const [attendee, organisation, sector] of [
      [camila, 'Fundación Corona', 'civil-society'],
      [diego, 'Universidad de los Andes', 'academia'],
    ] as const) {
      await attendee.page.getByTestId('current-item').getByText('Línea base').waitFor();
      await attendee.page.getByLabel('Organización o entidad').fill(organisation);
      await attendee.page.getByLabel('Sector').selectOption(sector);
      await attendee.page.getByRole('button', { name: 'Registrar mi asistencia' }).click();
      await attendee.page.getByText('Su asistencia quedó registrada.').waitFor();
    }
    await page.getByTestId('attendance-total').getByText('3 personas registradas').waitFor();
    await page.locator('tr[data-sector=academia] td').getByText('1').waitFor();

    await camila.page.getByLabel('Sí', { exact: true }).check();
    await camila.page.getByRole('button', { name: 'Votar' }).click();
    await camila.page.getByTestId('my-vote').getByText('Su voto: Sí').waitFor();
    await votesFor(projector.page, pollId, 'option-1').getByText('1 voto').waitFor();
    await diego.page.getByLabel('No', { exact: true }).check();
    await diego.page.getByRole('button', { name: 'Votar' }).click();
    await diego.page.getByTestId('my-vote').getByText('Su voto: No').waitFor();
    // Diego changes his mind: one vote each, the bars move.
    await diego.page.getByLabel('Con cambios', { exact: true }).check();
    await diego.page.getByRole('button', { name: 'Cambiar mi voto' }).click();
    await diego.page.getByTestId('my-vote').getByText('Su voto: Con cambios').waitFor();
    await votesFor(projector.page, pollId, 'option-3').getByText('1 voto').waitFor();
    await votesFor(projector.page, pollId, 'option-2').getByText('0 votos').waitFor();
    await projector.page.locator(`[data-results="${pollId}"]`).getByText('2 personas han votado').waitFor();
    await votesFor(camila.page, pollId, 'option-3').getByText('1 voto').waitFor();

    const ask = async (attendee: { page: Page }, text: string, kind: 'Pregunta' | 'Aporte') => {
      await attendee.page.getByText('Hacer una pregunta o un aporte').click();
      await attendee.page.getByLabel(kind, { exact: true }).check();
      await attendee.page.getByLabel('Su pregunta o aporte').fill(text);
      await attendee.page.getByRole('button', { name: 'Enviar' }).click();
      await attendee.page.getByText('Recibido: la moderación lo revisa antes de mostrarlo a la sala.').waitFor();
    };
    await ask(camila, '¿Quién publica los datos territoriales?', 'Pregunta');
    await ask(diego, 'Un texto fuera de lugar', 'Aporte');

    // The moderator approves one and rejects the other with a reason.
    const pending = (text: string) => page.locator('li[data-pending]', { hasText: text });
    await pending('¿Quién publica los datos territoriales?').getByRole('button', { name: 'Aprobar' }).click();
    await pending('Un texto fuera de lugar').getByLabel('Motivo del rechazo (se publica)').fill('Fuera del tema de la mesa');
    await pending('Un texto fuera de lugar').getByRole('button', { name: 'Rechazar' }).click();
    await page.getByText('Nada por revisar.').waitFor();
    const approved = (attendee: Page) => attendee.locator('li[data-question]', { hasText: '¿Quién publica los datos territoriales?' });
    await approved(projector.page).waitFor();
    expect(await projector.page.getByText('Un texto fuera de lugar').count()).toBe(0);
    await diego.page.getByText('Su pregunta no se mostró: Fuera del tema de la mesa').waitFor();
    expect(await diego.page.getByText('Un texto fuera de lugar').count()).toBe(0);

    // Diego upvotes Camila's question, once; the projector counts it.
    await approved(diego.page).getByRole('button', { name: 'Apoyar: ¿Quién publica los datos territoriales?' }).click();
    await approved(diego.page).getByText('Usted la apoyó').waitFor();
    await approved(projector.page).getByText('1 apoyo').waitFor();
    await approved(camila.page).getByText('1 apoyo').waitFor();
    await screenshot(projector.page, 'meeting-projector');
    expect(await accessibilityProblems(projector.page)).toEqual([]);

    await approved(page).getByLabel('Respuesta').fill('Colombia Compra Eficiente, cada trimestre.');
    await approved(page).getByRole('button', { name: 'Responder' }).click();
    await approved(camila.page).getByText('Respuesta de Marta: Colombia Compra Eficiente, cada trimestre.').waitFor();
    await camila.page.getByRole('heading', { name: 'Votaciones' }).scrollIntoViewIfNeeded();
    expect(await camila.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(await accessibilityProblems(camila.page)).toEqual([]);
    await screenshot(camila.page, 'meeting-phone');

    // The poll closes: its results are fixed, votes are no longer taken.
    await card.getByRole('button', { name: 'Cerrar la votación ¿Se incluye la línea base de 2016?' }).click();
    await projector.page.locator(`[data-poll-card="${pollId}"]`).getByText('cerrada').waitFor();
    await camila.page.getByRole('button', { name: 'Cambiar mi voto' }).waitFor({ state: 'detached' });
    const results = (await app.get(`/api/meetings/${id}/polls/${pollId}/results`)).body;
    expect(results).toMatchObject({ status: 'closed', voters: 2 });
    expect(results.votes.map((option: { votes: number }) => option.votes)).toEqual([1, 0, 1]);

    // The meeting closes with minutes whose agreement is on the proposal.
    const agreement = page.locator('fieldset[data-agreement-form="1"]');
    await page.getByLabel('Resumen').fill('Se revisó la línea base y se acordó ajustarla.');
    await agreement.getByLabel('Acuerdo', { exact: true }).fill('Incluir la línea base de 2016');
    await agreement.getByLabel('Entidad responsable').fill('Colombia Compra Eficiente');
    await agreement.getByLabel('Fecha límite').fill('2027-04-15');
    await agreement.getByLabel('Propuesta relacionada (opcional)').selectOption({ label: 'Contratación abierta territorial' });
    await expect(accessibilityProblems(page)).resolves.toEqual([]);
    await screenshot(page, 'meeting-run');
    await page.getByRole('button', { name: 'Cerrar la reunión con el acta' }).click();
    await page.getByRole('heading', { name: 'Acta' }).waitFor();
    await page.locator('[data-agreement]').getByText('Incluir la línea base de 2016').waitFor();
    await camila.page.getByRole('heading', { name: 'Acta' }).waitFor();
    const closed = (await app.get(`/api/meetings/${id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', attendance: { total: 3 } });
    expect(closed.minutes.agreements).toEqual([
      expect.objectContaining({
        text: 'Incluir la línea base de 2016',
        responsibleEntity: 'Colombia Compra Eficiente',
        dueDate: '2027-04-15',
        proposalId: proposal.id,
      }),
    ]);

    // The proposal's history shows the agreement, linking to the meeting.
    await camila.page.locator('[data-agreement]').getByRole('link', { name: 'Contratación abierta territorial' }).click();
    await camila.page.getByRole('heading', { name: 'Historia' }).waitFor();
    const entry = camila.page.locator('.timeline li[data-agreement]');
    // The meeting's title comes with the meeting, read once the history is shown.
    await entry.getByRole('link', { name: 'Mesa técnica de contratación abierta' }).waitFor();
    expect(await entry.innerText()).toMatch(
      /^Acuerdo de la reunión «Mesa técnica de contratación abierta»: Incluir la línea base de 2016 · responsable: Colombia Compra Eficiente, a más tardar el 15\/04\/2027 · por Marta · /,
    );
    expect(await entry.getByRole('link', { name: 'Mesa técnica de contratación abierta' }).getAttribute('href')).toBe(`/meetings/${id}`);
    expect(await accessibilityProblems(camila.page)).toEqual([]);
    for (const { errors } of [runner, projector, camila, diego]) expect(errors).toEqual([]);
  });

  it('lists the plan’s meetings, and cancels a scheduled one with its reason', async () => {
    const meeting = await scenario.meeting(plan, { title: 'Comité de seguimiento', kind: 'committee' });
    const visitor = await personIn(browser, app.url, { width: 375 });
    contexts.push(visitor);
    const publicPage = await visitor.newPage();
    const visitorErrors = watchForErrors(publicPage);
    await publicPage.goto(`/plans/${plan.id}`);
    const row = publicPage.locator(`li[data-meeting="${meeting.id}"]`);
    await row.getByText('Comité:').waitFor();
    await row.getByText('programada').waitFor();
    // Nobody but a moderator, an admin or a group's lead schedules one.
    expect(await publicPage.getByText('Programar una reunión').count()).toBe(0);
    expect(await accessibilityProblems(publicPage)).toEqual([]);
    await row.getByRole('link', { name: 'Comité de seguimiento' }).click();
    await publicPage.getByRole('heading', { name: 'Comité de seguimiento' }).waitFor();
    await publicPage.getByText('Inicie sesión para registrar su asistencia, votar y hacer preguntas.').waitFor();
    expect(await accessibilityProblems(publicPage)).toEqual([]);

    const { page, errors } = await person('Marta', ['moderator'], `/meetings/${meeting.id}/run`);
    await page.getByText('Cancelar la reunión').first().click();
    await page.getByLabel('Motivo (se publica)').fill('La entidad pidió aplazarla una semana');
    await page.getByRole('button', { name: 'Confirmar la cancelación' }).click();
    await page.getByText('Cancelada: La entidad pidió aplazarla una semana').waitFor();
    expect((await app.get(`/api/meetings/${meeting.id}`)).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'La entidad pidió aplazarla una semana',
    });
    await publicPage.reload();
    await publicPage.getByText('Cancelada: La entidad pidió aplazarla una semana').waitFor();
    // In English, every text of the page is.
    await publicPage.getByRole('button', { name: 'English' }).click();
    await publicPage.getByText('Cancelled: La entidad pidió aplazarla una semana').waitFor();
    await publicPage.getByRole('heading', { name: 'Current item' }).waitFor();
    await publicPage.getByText('Sign in to check in, vote and ask questions.').waitFor();

    // Someone who does not run it is told so, and sees no controls.
    const participant = await person('Camila', ['participant'], `/meetings/${meeting.id}/run`);
    await participant.page.getByRole('alert').getByText('Esta página es para quien conduce la reunión', { exact: false }).waitFor();
    expect(await participant.page.getByRole('button', { name: 'Iniciar la reunión' }).count()).toBe(0);
    expect([...errors, ...visitorErrors, ...participant.errors]).toEqual([]);
  });
});
