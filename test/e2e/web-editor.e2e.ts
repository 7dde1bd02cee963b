import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, people } from '../support/app-harness';
import { accessibilityProblems, launchBrowser, personIn, screenshot, signInAs, watchForErrors, webBuild } from '../support/browser';
import { Scenario } from '../support/scenario';

/** The proposal editor in a real browser (Debian's Chromium): two members of a working group, each in their own context. */
describe('the web app: proposal editor', () => {
  let app: TestApp;
  let browser: Browser;
  let proposalId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ config: { webDir: webBuild() } });
    browser = await launchBrowser();
    const scenario = new Scenario(app);
    const plan = await scenario.plan({ title: 'IV Plan de Acción' });
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead', beto: 'member' } });
    const proposal = await scenario.proposal(group, {
      by: people.ana,
      title: 'Contratación abierta',
      sections: { problem: 'Los contratos son difíciles de encontrar', objective: 'Publicarlos', description: 'Datos abiertos' },
    });
    proposalId = proposal.id;
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A person signed in with the development sign-in, on the editor of the proposal. */
  const editorOf = async (name: string, width?: number): Promise<{ page: Page; errors: string[] }> => {
    const context = await personIn(browser, app.url, { width });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signInAs(page, name, ['member']);
    await page.goto(`/proposals/${proposalId}/edit`);
    await page.getByRole('heading', { name: /^Editar: / }).waitFor();
    return { page, errors };
  };
  const field = (page: Page, section: string) => page.locator(`[data-field=${section}]`);
  /** Waits until the field's control holds `text` (the control's value, which no text locator sees). */
  const valueIs = (page: Page, id: string, text: string) =>
    page.waitForFunction(`document.getElementById(${JSON.stringify(id)})?.value === ${JSON.stringify(text)}`);
  const proposalNow = async () => (await app.get(`/api/proposals/${proposalId}`, people.moderator)).body;

  it('shows two people each other, what each is editing, and one’s save in the other’s page without a reload', async () => {
    const ana = await editorOf('Ana');
    const beto = await editorOf('Beto');
    await ana.page.getByTestId('presence').getByText('Beto', { exact: true }).waitFor();
    await beto.page.getByTestId('presence').getByText('Ana', { exact: true }).waitFor();
    expect(await beto.page.getByTestId('presence').locator('li').allInnerTexts()).toEqual(['Ana', 'Beto (usted)']);

    await ana.page.getByLabel('Problema', { exact: true }).focus();
    await beto.page.getByTestId('presence').getByText('Ana está editando Problema').waitFor();
    await field(beto.page, 'problem').getByText('Ana está editando esta sección').waitFor();
    await screenshot(beto.page, 'editor-two-people');

    const problem = 'Los contratos públicos no se publican en datos abiertos';
    await ana.page.getByLabel('Problema', { exact: true }).fill(problem);
    await field(ana.page, 'problem').getByText('Cambios sin guardar').waitFor();
    await ana.page.getByRole('button', { name: 'Guardar Problema' }).click();
    await field(ana.page, 'problem').getByText('Guardado', { exact: true }).waitFor();

    await valueIs(beto.page, 'field-problem', problem);
    await beto.page.getByTestId('news').getByText('Ana guardó Problema').waitFor();
    // Ana's blur said she stopped editing it.
    await beto.page.getByTestId('presence').getByText('Ana', { exact: true }).waitFor();
    expect(await field(beto.page, 'problem').getByText('Cambios sin guardar').count()).toBe(0);
    expect((await proposalNow()).sections.problem).toBe(problem);
    expect([...ana.errors, ...beto.errors]).toEqual([]);
  });

  it('keeps unsaved text when someone saves the same section, and merges on the refused save', async () => {
    const ana = await editorOf('Ana');
    const beto = await editorOf('Beto');
    await beto.page.getByTestId('presence').getByText('Ana', { exact: true }).waitFor();

    const betos = 'Publicar cada contrato en 24 horas';
    await beto.page.getByLabel('Objetivo', { exact: true }).fill(betos);
    await field(ana.page, 'objective').getByText('Beto está editando esta sección').waitFor();
    const anas = 'Publicar todos los contratos en formato OCDS';
    await ana.page.getByLabel('Objetivo', { exact: true }).fill(anas);
    await ana.page.getByRole('button', { name: 'Guardar Objetivo' }).click();
    await field(ana.page, 'objective').getByText('Guardado', { exact: true }).waitFor();

    // Beto's words stay, with a notice that the section changed meanwhile.
    await field(beto.page, 'objective').getByText('Ana cambió esta sección mientras usted la editaba', { exact: false }).waitFor();
    expect(await beto.page.getByLabel('Objetivo', { exact: true }).inputValue()).toBe(betos);

    // His save is refused (409): the merge shows Ana's text beside his, with the server's message.
    await beto.page.getByRole('button', { name: 'Guardar Objetivo' }).click();
    const merge = beto.page.getByRole('region', { name: 'Combinar Objetivo' });
    await merge.waitFor();
    expect(await merge.getByTestId('theirs').inputValue()).toBe(anas);
    expect(await merge.getByTestId('mine').inputValue()).toBe(betos);
    expect(await merge.getByRole('alert').innerText()).toMatch(/objective/);
    expect(await accessibilityProblems(beto.page)).toEqual([]);
    await screenshot(beto.page, 'editor-merge');

    // He merges both and saves, by keyboard: keep mine, take theirs, save the merge.
    const merged = 'Publicar todos los contratos en formato OCDS, cada uno en 24 horas';
    await merge.getByTestId('mine').fill(merged);
    for (let stop = 0; stop < 3; stop += 1) await beto.page.keyboard.press('Tab');
    expect(await beto.page.evaluate<string>('document.activeElement?.textContent')).toBe('Guardar el texto combinado');
    await beto.page.keyboard.press('Enter');
    await merge.waitFor({ state: 'detached' });
    await field(beto.page, 'objective').getByText('Guardado', { exact: true }).waitFor();
    expect(await beto.page.getByLabel('Objetivo', { exact: true }).inputValue()).toBe(merged);
    // Ana had nothing unsaved there: the merge arrives in place.
    await valueIs(ana.page, 'field-objective', merged);

    expect((await proposalNow()).sections.objective).toBe(merged);
    const history = (await app.get(`/api/proposals/${proposalId}/history`, people.moderator)).body as Array<{
      type: string;
      actor: { id: string };
      data: { section?: string; text?: string };
    }>;
    const edits = history.filter((entry) => entry.type === 'ProposalSectionEdited' && entry.data.section === 'objective');
    expect(edits.map((entry) => [entry.actor.id, entry.data.text])).toEqual([
      ['ana', anas],
      ['beto', merged],
    ]);
    await beto.page.getByRole('heading', { name: 'Historia' }).waitFor();
    // The refused save is the one failed request the browser reports.
    expect(ana.errors).toEqual([]);
    expect(beto.errors).toEqual([expect.stringMatching(/status of 409/)]);
  });

  it('is accessible and fits a 375 px phone in one column', async () => {
    const ana = await editorOf('Ana', 375);
    await ana.page.getByLabel('Problema', { exact: true }).waitFor();
    expect(await accessibilityProblems(ana.page)).toEqual([]);
    expect(await ana.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const lefts = await ana.page.evaluate<number[]>(
      "[...document.querySelectorAll('.editor-grid > .field')].map((field) => field.getBoundingClientRect().left)",
    );
    expect(new Set(lefts).size).toBe(1);
    expect(ana.errors).toEqual([]);
  });

  it('sends a signed-out visitor to sign in and back; someone outside the group gets the text and the public page', async () => {
    const context = await personIn(browser, app.url);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`/proposals/${proposalId}/edit`);
    await page.waitForURL(/\/sign-in\?returnTo=/);
    await page.getByLabel('Nombre').fill('Olga');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`**/proposals/${proposalId}/edit`);
    await page.getByRole('note').getByText('Solo los miembros del grupo de trabajo', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'Ver la página pública (historia y cambios)' }).getAttribute('href')).toBe(
      `/proposals/${proposalId}`,
    );
    expect(await page.locator('textarea').count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});
