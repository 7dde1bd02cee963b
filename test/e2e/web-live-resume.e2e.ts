import type { Browser } from 'playwright-core';
import { TestApp, people } from '../support/app-harness';
import { launchBrowser, personIn, signInAs, webBuild } from '../support/browser';
import { freePort } from '../support/node-process';
import { Scenario } from '../support/scenario';

/**
 * A live page through a lost connection: the server restarts under an open editor, the page says it is offline,
 * an edit and a comment land before it is back, and once reconnected it shows each of them, once.
 */
describe('the web app: live pages resume after a lost connection', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    // A fixed port: the page reconnects to the server that comes back at the same address.
    app = await TestApp.start({ port: freePort(), config: { webDir: webBuild() } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows it is offline, then what happened meanwhile, with no gap and nothing twice', async () => {
    const scenario = new Scenario(app);
    const group = await scenario.workingGroup(await scenario.plan(), { members: { ana: 'lead', beto: 'member' } });
    let proposal = await scenario.proposal(group, { by: people.ana, title: 'Transporte abierto' });
    const context = await personIn(browser, app.url);
    const page = await context.newPage();
    await signInAs(page, 'Beto', ['member']);
    await page.goto(`/proposals/${proposal.id}/edit`);
    await page.getByRole('heading', { name: /^Editar: / }).waitFor();
    // Live: an edit of Ana's shows in Beto's page.
    proposal = await scenario.edit(proposal, { objective: 'Abrir los datos' }, { by: people.ana });
    await page.waitForFunction(`document.getElementById('field-objective')?.value === 'Abrir los datos'`);

    // Watched from before the restart: the page may be back within a second.
    const offline = page.getByRole('status').getByText('Sin conexión en vivo: reconectando.', { exact: false }).waitFor();
    await app.restart();
    await offline;
    // While the page is away: Ana saves the objective, twice.
    proposal = await scenario.edit(proposal, { objective: 'Publicar las rutas' }, { by: people.ana });
    proposal = await scenario.edit(proposal, { objective: 'Publicar las rutas y los horarios' }, { by: people.ana });
    await page.getByRole('status').getByText('Sin conexión en vivo', { exact: false }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.waitForFunction(`document.getElementById('field-objective')?.value === 'Publicar las rutas y los horarios'`);
    // The history, read again as the events arrive, has the three saves, each once.
    const saves = page.locator('.timeline li', { hasText: 'Sección editada' });
    await saves.nth(2).waitFor();
    expect(await saves.count()).toBe(3);
    await context.close();
  });
});
