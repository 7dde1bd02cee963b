import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, people } from '../support/app-harness';
import { accessibilityProblems, launchBrowser, personIn, screenshot, signInAs, watchForErrors, webBuild } from '../support/browser';
import { Scenario } from '../support/scenario';

/** The moderator console and the auditor view in a real browser, each command checked against the server. */
describe('the web app: moderator console and auditor view', () => {
  let app: TestApp;
  let browser: Browser;
  let scenario: Scenario;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The server signs a checkpoint every 5 events, so that the auditor has some to see.
    app = await TestApp.start({ config: { webDir: webBuild(), checkpoints: { everyEvents: 5, everyMinutes: 1_000_000 } } });
    browser = await launchBrowser();
    scenario = new Scenario(app);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const person = async (name: string, roles: string[], path: string): Promise<{ page: Page; errors: string[] }> => {
    const context = await personIn(browser, app.url);
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signInAs(page, name, roles);
    await page.goto(path);
    return { page, errors };
  };

  it('creates a plan and a working group and manages its members', async () => {
    // On an empty server, the front page sends a moderator to the console to create the first plan.
    const { page, errors } = await person('Marta', ['moderator'], '/');
    await page.getByRole('link', { name: 'Cree el primero en la consola de moderación.' }).click();
    await page.getByRole('heading', { name: 'Consola de moderación' }).waitFor();
    await page.getByText('Nuevo plan').click();
    await page.getByLabel('Título').fill('IV Plan de Acción');
    await page.getByLabel('País (código ISO, p. ej. CO)').fill('co');
    await page.getByLabel('Inicio del periodo').fill('2020-01-01');
    await page.getByLabel('Fin del periodo').fill('2022-12-31');
    await page.getByLabel('Temas, separados por comas').fill('transparencia, participación');
    await page.getByRole('button', { name: 'Crear el plan' }).click();
    await page.getByRole('combobox', { name: 'Plan' }).locator('option', { hasText: 'IV Plan de Acción' }).waitFor({ state: 'attached' });
    const plan = (await app.get('/api/plans')).body.find((candidate: { title: string }) => candidate.title === 'IV Plan de Acción');
    expect(plan).toMatchObject({ country: 'CO', themes: ['transparencia', 'participación'], createdBy: 'marta' });

    await page.getByText('Nuevo grupo de trabajo').click();
    await page.getByLabel('Nombre', { exact: true }).fill('Mesa de transparencia');
    await page.getByRole('button', { name: 'Crear el grupo' }).click();
    await page.getByRole('heading', { name: 'Mesa de transparencia' }).waitFor();
    const group = page.locator('article', { has: page.getByRole('heading', { name: 'Mesa de transparencia' }) });
    await group.getByLabel('Usuario (id)').fill('ana');
    await group.getByLabel('Rol en el grupo').selectOption('lead');
    await group.getByRole('button', { name: 'Añadir miembro' }).click();
    await group.getByRole('button', { name: 'Quitar a ana' }).waitFor();
    const [formed] = (await app.get(`/api/working-groups?planId=${plan.id}`)).body;
    expect(formed).toMatchObject({ name: 'Mesa de transparencia', theme: 'transparencia', members: [{ userId: 'ana', role: 'lead' }] });
    // A refused command says why, in Spanish, and records nothing.
    await group.getByLabel('Usuario (id)').fill('ana maría');
    await group.getByRole('button', { name: 'Añadir miembro' }).click();
    await page.getByRole('alert').getByText('userId debe tener de 1 a 200 caracteres sin espacios').waitFor();
    expect((await app.get(`/api/working-groups/${formed.id}`)).body.members).toHaveLength(1);
    await group.getByRole('button', { name: 'Quitar a ana' }).click();
    await group.getByRole('button', { name: 'Quitar a ana' }).waitFor({ state: 'detached' });
    expect((await app.get(`/api/working-groups/${formed.id}`)).body.members).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    // The one error the browser saw is the refusal of the bad user id.
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
  });

  it('runs a consultation, decides proposals with a reason, and hides a comment the public page then shows hidden', async () => {
    const plan = await scenario.plan({ title: 'Plan con propuestas' });
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    const [a, b, c] = await Promise.all(
      ['Agua potable', 'Transporte abierto', 'Salud digital'].map((title) =>
        scenario.proposal(group, { by: people.ana, title, submitted: true }),
      ),
    );
    const comment = await scenario.comment('proposal', a, 'Un comentario fuera de tema', { by: people.ana });
    const { page, errors } = await person('Marta', ['moderator'], '/moderation');
    await page.getByRole('combobox', { name: 'Plan' }).selectOption({ label: 'Plan con propuestas' });
    await page.getByText('Nueva consulta').click();
    const schedule = page.locator('details', { has: page.getByText('Nueva consulta') });
    await schedule.getByLabel('Título').fill('Priorización 2026');
    await schedule.getByLabel('Salud digital').uncheck();
    await schedule.getByRole('button', { name: 'Programar la consulta' }).click();
    const row = page.locator('li[data-consultation]', { hasText: 'Priorización 2026' });
    await row.getByRole('button', { name: 'Abrir Priorización 2026' }).click();
    await row.getByText('abierta').waitFor();
    await row.getByRole('button', { name: 'Pausar Priorización 2026' }).click();
    await row.getByText('en pausa').waitFor();
    await row.getByRole('button', { name: 'Cerrar Priorización 2026' }).click();
    await row.getByText('cerrada').waitFor();
    const [consultation] = (await app.get(`/api/consultations?planId=${plan.id}`)).body;
    expect(consultation).toMatchObject({ title: 'Priorización 2026', status: 'closed', proposalIds: [a.id, b.id] });

    const decide = async (title: string, reason: string, button: 'Aceptar' | 'Rechazar') => {
      const form = page.locator('form[data-proposal]', { hasText: title });
      await form.getByLabel('Motivo (se publica con la decisión)').fill(reason);
      await form.getByRole('button', { name: button }).click();
      await form.waitFor({ state: 'detached' });
    };
    await decide('Salud digital', 'Fuera del alcance de este plan', 'Rechazar');
    await decide('Agua potable', 'Priorizada en la consulta', 'Aceptar');
    expect((await app.get(`/api/proposals/${c.id}`)).body).toMatchObject({
      status: 'rejected',
      statusReason: 'Fuera del alcance de este plan',
    });
    expect((await app.get(`/api/proposals/${a.id}`)).body).toMatchObject({ status: 'accepted', statusReason: 'Priorizada en la consulta' });

    const moderated = page.locator(`li[data-comment="${comment.id}"]`);
    await moderated.getByLabel('Motivo').fill('Fuera de tema');
    await moderated.getByRole('button', { name: 'Ocultar' }).click();
    await moderated.getByText('Oculto: Fuera de tema').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'moderation');
    const visitor = await personIn(browser, app.url);
    contexts.push(visitor);
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/proposals/${a.id}`);
    await publicPage.getByText('Comentario oculto por moderación: Fuera de tema').waitFor();
    expect(await publicPage.getByText('Un comentario fuera de tema').count()).toBe(0);
    await moderated.getByLabel('Motivo').fill('Revisado: pertinente');
    await moderated.getByRole('button', { name: 'Restaurar' }).click();
    await moderated.getByText('Un comentario fuera de tema').waitFor();
    await publicPage.reload();
    await publicPage.getByText('Un comentario fuera de tema').waitFor();
    expect(errors).toEqual([]);
  });

  it('is not a console for someone who is not a moderator', async () => {
    const { page } = await person('Camila', ['participant'], '/moderation');
    await page.getByRole('alert').getByText('Esta consola es para moderación y administración.').waitFor();
  });

  it('lets an auditor verify the chain, see the signed checkpoints, download the export and read a trace', async () => {
    const plan = await scenario.plan({ title: 'Plan auditado' });
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    const proposal = await scenario.proposal(group, { by: people.ana, title: 'Compras públicas abiertas', submitted: true });
    const commitment = await scenario.commitment(proposal, { reason: 'priorizada' });
    const { page, errors } = await person('Inés', ['auditor'], '/audit');
    await page.getByRole('heading', { name: 'Auditoría' }).waitFor();
    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    const head = (await app.get('/api/audit/verify', people.auditor)).body;
    await page
      .getByTestId('chain-report')
      .getByText(/^Cadena íntegra: \d+ eventos comprobados hasta la posición \d+\.$/)
      .waitFor();
    expect(Number(/hasta la posición (\d+)/.exec(await page.getByTestId('chain-report').innerText())?.[1])).toBeGreaterThanOrEqual(
      head.headPosition - 5,
    );
    await page.getByTestId('checkpoints').locator('tbody tr').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Registro completo (JSON Lines, auditoría)' }).click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(JSON.parse(lines[0])).toMatchObject({ position: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await page.getByRole('link', { name: 'Verificador independiente (Node.js)' }).getAttribute('href')).toBe(
      '/api/audit/verifier.mjs',
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'audit');
    await page.getByRole('combobox', { name: 'Compromiso' }).selectOption(commitment.id);
    await page.getByRole('button', { name: 'Ver su trazabilidad' }).click();
    await page.getByRole('heading', { name: 'Trazabilidad de la decisión' }).waitFor();
    expect(await page.getByTestId('trace').locator('li').count()).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
  });
});
