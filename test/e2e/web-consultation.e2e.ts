import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, people } from '../support/app-harness';
import { accessibilityProblems, launchBrowser, personIn, screenshot, signInAs, watchForErrors, webBuild } from '../support/browser';
import { Scenario } from '../support/scenario';

/** Voting in a real browser: participants vote and retract, the projector's bars move live, a reload misses nothing. */
describe('the web app: consultation and projector', () => {
  let app: TestApp;
  let browser: Browser;
  let consultation: string;
  let proposals: { a: string; b: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ config: { webDir: webBuild() } });
    browser = await launchBrowser();
    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    const a = await scenario.proposal(group, { by: people.ana, title: 'Presupuesto participativo', submitted: true });
    const b = await scenario.proposal(group, { by: people.ana, title: 'Contratación abierta', submitted: true });
    proposals = { a: a.id, b: b.id };
    consultation = (await scenario.consultation(plan, [a, b], { title: 'Priorización ciudadana', open: true })).id;
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
  const votesOn = (page: Page, proposal: string) => page.locator(`.bars li[data-proposal="${proposal}"] [data-testid=votes]`);

  it('three voters vote and the projector’s bars move live; a retracted vote leaves them; no gap after a reload', async () => {
    const projector = await person('Marta', ['moderator'], `/consultations/${consultation}/projector`);
    await projector.page.getByRole('heading', { name: 'Priorización ciudadana' }).waitFor();
    await projector.page.getByTestId('turnout').getByText('0 participantes han votado').waitFor();
    await projector.page.getByText('En vivo').waitFor();

    const voters = await Promise.all(
      ['Camila', 'Diego', 'Elena'].map((name) => person(name, ['participant'], `/consultations/${consultation}`, 375)),
    );
    for (const [index, voter] of voters.entries()) {
      const choice = index < 2 ? 'Presupuesto participativo' : 'Contratación abierta';
      await voter.page.getByRole('button', { name: `Votar: ${choice}` }).click();
      await voter.page.getByText('Le quedan 0 votos.').waitFor();
      await projector.page
        .getByTestId('turnout')
        .getByText(`${index + 1} participante`)
        .waitFor();
    }
    await votesOn(projector.page, proposals.a).getByText('2 votos').waitFor();
    await votesOn(projector.page, proposals.b).getByText('1 voto').waitFor();
    await screenshot(projector.page, 'projector');

    // Diego reloads his page, Elena takes her vote back meanwhile: his page shows the tally as it is now.
    await voters[1].page.reload();
    await voters[2].page.getByRole('button', { name: 'Retirar mi voto' }).click();
    await voters[2].page.getByText('Le queda 1 voto.').waitFor();
    await votesOn(projector.page, proposals.b).getByText('0 votos').waitFor();
    await projector.page.getByTestId('turnout').getByText('2 participantes han votado').waitFor();
    await votesOn(voters[1].page, proposals.b).getByText('0 votos').waitFor();
    await votesOn(voters[1].page, proposals.a).getByText('2 votos').waitFor();
    // And what the pages show is what the server counted.
    const results = (await app.get(`/api/consultations/${consultation}/results`, people.moderator)).body;
    expect(results).toMatchObject({
      turnout: 2,
      results: expect.arrayContaining([
        { proposalId: proposals.a, votes: 2 },
        { proposalId: proposals.b, votes: 0 },
      ]),
    });
    expect(await voters[1].page.getByTestId('turnout').innerText()).toBe('2 participantes han votado');
    await screenshot(voters[0].page, 'consultation-phone');
    for (const { errors } of [projector, ...voters]) expect(errors).toEqual([]);
  });

  it('refuses a vote beyond the rules with the server’s reason, in the interface’s language', async () => {
    const voter = await person('Fabio', ['participant'], `/consultations/${consultation}`);
    await voter.page.getByText('Le queda 1 voto.').waitFor();
    // Meanwhile Fabio votes from another device: this page still offers the vote it no longer has.
    const token = (await app.post('/api/session/development', undefined, { name: 'Fabio', roles: ['participant'] })).body.token;
    expect((await app.put(`/api/consultations/${consultation}/votes/${proposals.b}`, token)).status).toBe(200);
    await voter.page.getByRole('button', { name: 'Votar: Presupuesto participativo' }).click();
    await voter.page.getByRole('alert').getByText('cada participante puede votar como máximo por 1 propuestas').waitFor();
    await voter.page.getByText('Le quedan 0 votos.').waitFor();
    const mine = (await app.get(`/api/consultations/${consultation}/votes/mine`, token)).body;
    expect(mine).toMatchObject({ votes: [proposals.b], remaining: 0 });
  });

  it('has no serious or critical accessibility violation on the consultation and the projector', async () => {
    const voter = await person('Gloria', ['participant'], `/consultations/${consultation}`);
    await voter.page.getByRole('heading', { name: 'Propuestas consultadas' }).waitFor();
    await voter.page.getByTestId('turnout').waitFor();
    expect(await accessibilityProblems(voter.page)).toEqual([]);
    const projector = await person('Marta', ['moderator'], `/consultations/${consultation}/projector`);
    await projector.page.getByTestId('turnout').waitFor();
    expect(await accessibilityProblems(projector.page)).toEqual([]);
  });
});
