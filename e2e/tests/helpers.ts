/** What the browser journeys share: signing in, screenshots, reading numbers and Excel files. */
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { paths } from '../../web/src/api/schema.js';

export const PASSWORD = 'demo2026';
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** The number in a formatted figure: `1,234.50` → `1234.50`. */
export const digits = (text: string | null): string => (text ?? '').replace(/[^\d.-]/g, '');

/** Signs in through the login form and waits for the home page. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByText('您好，')).toBeVisible();
}

/** Signs a request context (and so its browser context) in through the API. */
export async function signInByApi(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(res.ok(), `login ${username}`).toBeTruthy();
}

/** A report's JSON answer and the report catalogue, as the server's OpenAPI document types them (web/src/api/schema.d.ts). */
export type ReportJson = paths['/api/reports/{id}']['get']['responses'][200]['content']['application/json'];
export type ReportCatalogue = paths['/api/reports']['get']['responses'][200]['content']['application/json'];

/** The first worksheet of a downloaded .xlsx, as rows of cell values (1-based columns shifted to 0). */
export async function readWorkbook(file: string): Promise<(string | number | null)[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const rows: (string | number | null)[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === undefined || v === null ? null : (v as string | number))));
  });
  return rows;
}

/** Waits until no antd spinner spins and the network is quiet. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
}

/**
 * Opens a page through the side menu: `path` is the menu's groups and then the entry's title.
 * A group is clicked only while it is closed (a click on an open group closes it), and a click that
 * lands during a group's opening animation may be lost: the clicks are repeated until `url` shows.
 */
export async function openFromMenu(page: Page, path: string[], url: RegExp): Promise<void> {
  const menu = page.getByTestId('main-menu');
  const link = menu.getByRole('link', { name: path[path.length - 1], exact: true });
  await expect(async () => {
    if (!(await link.isVisible())) {
      for (const group of path.slice(0, -1)) {
        const title = menu.getByRole('menuitem', { name: group, exact: true });
        if ((await title.getAttribute('aria-expanded')) !== 'true') await title.click();
      }
    }
    await link.click({ timeout: 2_000 });
    await expect(page).toHaveURL(url, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Fails when the page is wider than the (phone's) viewport: nothing may scroll sideways. */
export async function fitsTheScreen(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is wider than the phone's screen`).toBeLessThanOrEqual(0);
}

/**
 * Chooses `option` in the antd select `select` (the `.ant-select` element). A click that lands while
 * the dropdown is still opening may be lost: it is repeated until the select shows the option.
 */
export async function chooseIn(page: Page, select: Locator, option: string): Promise<void> {
  await expect(async () => {
    await select.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(option, { exact: true }).click({ timeout: 2_000 });
    await expect(select).toContainText(option, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/** Chooses `option` in the select labelled `label` inside `scope` (a dialog, a form): chooseIn. */
export async function chooseOption(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await chooseIn(page, scope.locator('.ant-form-item', { hasText: label }).locator('.ant-select'), option);
}
