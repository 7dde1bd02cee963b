import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ROOT } from './node-process';

/** Debian's Chromium (`.ci/run` installs it when missing); a tool never downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where this test run's build of the web app is: built once per run (vite build, about a second), outside the checkout. */
export const webBuild = (): string => {
  const folder = join(tmpdir(), `cocrea-web-${process.env.COCREA_TEST_RUN ?? `solo-${process.pid}`}`);
  if (existsSync(join(folder, 'index.html'))) return folder;
  mkdirSync(folder, { recursive: true });
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(ROOT, 'apps/web/vite.config.mts'),
      '--outDir',
      folder,
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: 'pipe', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  return folder;
};

/** A fresh Chromium for a test file (Playwright gives each launch its own new profile folder). */
export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });

/** A new browser context (its own storage: one person), in Spanish or English, at a phone's or a desktop's width. */
export const personIn = async (
  browser: Browser,
  baseURL: string,
  options: { width?: number; locale?: 'es-CO' | 'en-GB' } = {},
): Promise<BrowserContext> => {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: options.locale ?? 'es-CO',
    // Where most of Cocrea's people are: dates must read the same there as they were written.
    timezoneId: 'America/Bogota',
  });
  // The tests' traffic stays on this machine: whatever a page asks of another host is refused.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort('blockedbyclient'));
  return context;
};

/** Collects what a page reports as broken: uncaught errors and console errors, for the test to assert none. */
export const watchForErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  return errors;
};

/** The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it is now. */
export const accessibilityProblems = async (page: Page): Promise<string[]> => {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
};

/** Screenshots the tests take, kept under test-results/screenshots (the README shows a few). */
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

/** Signs in through the development sign-in page, as a person would. */
export const signInAs = async (page: Page, name: string, roles: string[]): Promise<void> => {
  await page.goto('/sign-in');
  await page.getByLabel(/Nombre|Name/).fill(name);
  for (const role of ['participant', 'member', 'moderator', 'auditor', 'admin']) {
    const box = page.locator(`input[name=roles][value=${role}]`);
    if (roles.includes(role)) await box.check();
    else await box.uncheck();
  }
  await page.getByRole('button', { name: /Entrar|Sign in/ }).click();
  await page
    .getByRole('button', { name })
    .or(page.locator('summary', { hasText: name }))
    .first()
    .waitFor();
};
