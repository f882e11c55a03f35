// Headless Chromium (Debian's), driven by playwright-core, with an accessibility audit (axe-core run in the
// page) and a check that the page's Content-Security-Policy refused nothing it needs.
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Engine } from './engines.ts';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Why the browser suites cannot run here, or undefined. */
export function chromiumProblem(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** what the page's console reported as refused by the Content-Security-Policy */
  cspViolations: string[];
  close(): Promise<void>;
}

/** A fresh browser profile (its own --user-data-dir), one page. */
export async function openBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'vcdkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  return {
    context, page, cspViolations,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (through the DevTools protocol: the page's CSP rightly refuses injected
 * scripts) and fails on any violation of WCAG 2 A/AA, naming each.
 */
export async function assertAccessible(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  });
  assert.deepEqual(violations, [], `accessibility violations on ${page.url()}`);
}

/** Audits the page the browser is on, and checks that its Content-Security-Policy refused nothing. */
export async function audit(browser: Browser): Promise<void> {
  await assertAccessible(browser.page);
  assert.deepEqual(browser.cspViolations, [], `CSP refusals on ${browser.page.url()}`);
}

const SHOTS = new URL('../../docs/portal/', import.meta.url).pathname;

/** With VCDKIT_SCREENSHOTS=1, the page as the README shows it, in docs/portal/ (taken on one store only). */
export async function screenshot(page: Page, engine: Engine, name: string): Promise<void> {
  if (engine !== 'sqlite' || process.env.VCDKIT_SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}
