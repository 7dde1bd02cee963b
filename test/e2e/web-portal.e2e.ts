import type { Browser, BrowserContext } from 'playwright-core';
import { TestApp, people, tokenFor } from '../support/app-harness';
import { accessibilityProblems, launchBrowser, personIn, screenshot, signInAs, watchForErrors, webBuild } from '../support/browser';
import { Scenario } from '../support/scenario';

/** The web app in a real browser (Debian's Chromium): what an anonymous visitor and a person signing in see. */
describe('the web app: public portal and sign-in', () => {
  let app: TestApp;
  let browser: Browser;
  let ids: { plan: string; proposal: string; commitment: string };

  beforeAll(async () => {
    app = await TestApp.start({ config: { webDir: webBuild() } });
    browser = await launchBrowser();
    const scenario = new Scenario(app);
    const plan = await scenario.plan({ title: 'III Plan de Acción de Colombia' });
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    const proposal = await scenario.proposal(group, { by: people.ana, title: 'Datos abiertos de contratación', submitted: true });
    const commitment = await scenario.commitment(proposal, { reason: 'priorizada en la consulta' });
    await scenario.milestone(commitment, { title: 'Publicar el portal de datos' });
    await scenario.comment('commitment', commitment, 'Muy buena iniciativa');
    ids = { plan: plan.id, proposal: proposal.id, commitment: commitment.id };
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const visit = async (context: BrowserContext, path: string) => {
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(path);
    return { page, errors };
  };

  it('serves the app at / to a browser, in Spanish, and the API index to other clients', async () => {
    const context = await personIn(browser, app.url);
    const { page, errors } = await visit(context, '/');
    await page.getByRole('heading', { name: 'Planes de acción' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await page.getByRole('link', { name: 'III Plan de Acción de Colombia' }).waitFor();
    // The plan's period, a date without a time, is the day it says in Bogotá too (not the evening before).
    await page.getByText('1/07/2017').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-plans');
    expect(errors).toEqual([]);
    // Reloading a deep link gives the app too; curl and fetch get the API's answers.
    const deep = await page.goto(`/plans/${ids.plan}`);
    expect(deep?.headers()['content-type']).toMatch(/text\/html/);
    expect((await app.get('/')).body).toMatchObject({ name: 'Cocrea' });
    await context.close();
  });

  it('lets an anonymous visitor follow a plan down to a commitment and its decision trace, accessibly, on a phone', async () => {
    const context = await personIn(browser, app.url, { width: 375 });
    const { page, errors } = await visit(context, '/');
    await page.getByRole('link', { name: 'III Plan de Acción de Colombia' }).click();
    await page.getByRole('heading', { name: 'Compromisos' }).waitFor();
    await page.getByRole('link', { name: 'Datos abiertos de contratación' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')).toBe(`/api/plans/${ids.plan}/export.csv`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator(`a[href="/commitments/${ids.commitment}"]`).click();
    await page.getByRole('heading', { name: 'Trazabilidad de la decisión' }).waitFor();
    const steps = await page.getByTestId('trace').locator('li').allInnerTexts();
    expect(steps.map((step) => step.split(' · ')[0])).toEqual(
      expect.arrayContaining(['Borrador', 'Presentación', 'Aceptación', 'Adopción como compromiso', 'Hito']),
    );
    await page.getByText('Publicar el portal de datos').waitFor();
    await page.getByText('Muy buena iniciativa').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(page, 'portal-commitment-phone');
    await page.locator(`a[href="/proposals/${ids.proposal}"]`).click();
    await page.getByRole('heading', { name: 'Historia' }).waitFor();
    expect(await page.locator('.timeline li').count()).toBeGreaterThanOrEqual(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches to English and remembers it, and the server then answers in English too', async () => {
    const context = await personIn(browser, app.url);
    const { page } = await visit(context, `/proposals/${ids.proposal}`);
    await page.getByRole('heading', { name: 'Historia' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto('/proposals/0190a0a0-0000-7000-8000-000000000000');
    await page.getByRole('alert').getByText('proposal 0190a0a0-0000-7000-8000-000000000000 not found').waitFor();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('button', { name: 'Reintentar' }).click();
    await page.getByText('no se encontró la propuesta 0190a0a0-0000-7000-8000-000000000000').waitFor();
    await context.close();
  });

  it('signs in with the development sign-in, by keyboard, and shows who is signed in', async () => {
    const context = await personIn(browser, app.url);
    const { page, errors } = await visit(context, '/sign-in');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // The skip link is the first stop of the keyboard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe('Saltar al contenido');
    await page.getByLabel('Nombre').focus();
    await page.keyboard.type('Marta');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // moderación
    await page.keyboard.press('Enter');
    await page.locator('summary', { hasText: 'Marta' }).waitFor();
    await page.getByRole('link', { name: 'Moderación' }).waitFor();
    const me = await page.evaluate<unknown>(
      "fetch('/api/session/me', { headers: { authorization: 'Bearer ' + sessionStorage.getItem('cocrea.token') } }).then((r) => r.json())",
    );
    expect(me).toEqual({ id: 'marta', name: 'Marta', roles: ['participant', 'moderator'] });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in through the helper used by the other browser tests', async () => {
    const context = await personIn(browser, app.url);
    const page = await context.newPage();
    await signInAs(page, 'Ana', ['member']);
    await page.locator('summary', { hasText: 'Ana' }).click();
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('link', { name: 'Iniciar sesión' }).waitFor();
    await context.close();
  });

  it('lets a member draft a proposal and submit it, and a participant comment on it', async () => {
    const context = await personIn(browser, app.url);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signInAs(page, 'Ana', ['member']);
    await page.goto(`/plans/${ids.plan}`);
    await page.getByText('Redactar una propuesta').click();
    await page.getByLabel('Título').fill('Presupuestos abiertos');
    await page.getByLabel('Entidad líder').fill('Ministerio de Hacienda');
    await page.getByLabel('Problema').fill('Los presupuestos no se publican en formatos abiertos');
    await page.getByLabel('Objetivo').fill('Publicar los presupuestos como datos abiertos');
    await page.getByLabel('Descripción').fill('Un portal con los presupuestos y su ejecución');
    await page.getByRole('button', { name: 'Crear el borrador' }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}\/edit$/);
    const id = /proposals\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect((await app.get(`/api/proposals/${id}`)).body).toMatchObject({
      status: 'draft',
      createdBy: 'ana',
      leadEntity: 'Ministerio de Hacienda',
    });
    await page.goto(`/proposals/${id}`);
    await page.getByRole('button', { name: 'Presentar la propuesta' }).click();
    await page.locator('mark.status', { hasText: 'presentada' }).waitFor();
    expect((await app.get(`/api/proposals/${id}`)).body.status).toBe('submitted');
    expect(errors).toEqual([]);
    await context.close();

    const citizen = await personIn(browser, app.url);
    const other = await citizen.newPage();
    await signInAs(other, 'Camila', ['participant']);
    await other.goto(`/proposals/${id}`);
    await other.getByRole('heading', { name: 'Historia' }).waitFor();
    // Not a member of the group: no withdrawing someone else's proposal.
    expect(await other.getByRole('button', { name: 'Retirar la propuesta' }).count()).toBe(0);
    await other.getByLabel('Su comentario').fill('¿Incluye la ejecución municipal?');
    await other.getByRole('button', { name: 'Publicar el comentario' }).click();
    await other.locator('.comments').getByText('¿Incluye la ejecución municipal?').waitFor();
    const [posted] = (await app.get(`/api/comments?targetType=proposal&targetId=${id}`)).body;
    expect(posted).toMatchObject({ authorId: 'camila', body: '¿Incluye la ejecución municipal?' });
    expect(await accessibilityProblems(other)).toEqual([]);
    await citizen.close();
  });

  it('signs out a person whose token the server no longer accepts, and brings them back after signing in again', async () => {
    const context = await personIn(browser, app.url);
    const page = await context.newPage();
    await signInAs(page, 'Ana', ['member']);
    await page.goto(`/proposals/${ids.proposal}`);
    await page.getByRole('heading', { name: 'Historia' }).waitFor();
    // A token the server does not accept (another signer), not expired as far as the page can tell.
    const foreign = tokenFor('ana', ['member'], 'Ana', 'another-secret-of-at-least-thirty-two-bytes');
    await page.evaluate(`sessionStorage.setItem('cocrea.token', ${JSON.stringify(foreign)})`);
    await page.reload();
    await page.waitForURL(`${app.url}/sign-in?returnTo=${encodeURIComponent(`/proposals/${ids.proposal}`)}`);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('cocrea.token')")).toBeNull();
    await page.getByLabel('Nombre').fill('Ana');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${app.url}/proposals/${ids.proposal}`);
    await page.locator('header summary', { hasText: 'Ana' }).waitFor();
    // A return address off the app is not followed.
    await page.goto('/sign-in?returnTo=//example.org/');
    await page.getByLabel('Nombre').fill('Ana');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${app.url}/`);
    await context.close();
  });
});
