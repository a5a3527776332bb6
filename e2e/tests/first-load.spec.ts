/**
 * First load of the dashboard with the production build: navigation start → the home page's three
 * charts drawn, in a fresh browser context each time (empty cache), after signing in through the
 * API. Printed, never asserted: the figures belong in docs/performance.md, not in a test's verdict.
 */
import { expect, test } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { signInByApi } from './helpers.js';

const RUNS = 3;
const CHARTS = ['pie-customers', 'pie-assets', 'bar-trend'];

test('first load of the dashboard (measured, not asserted)', async ({ browser, baseURL }) => {
  // The initial JavaScript: the entry script and the chunks index.html preloads, gzip-compressed.
  const html = await (await fetch(`${baseURL}/`)).text();
  const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  let raw = 0;
  let gzip = 0;
  for (const src of scripts) {
    const body = Buffer.from(await (await fetch(new URL(src, baseURL))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  console.log(`initial JS: ${scripts.length} files, ${(raw / 1024).toFixed(1)} KiB, ${(gzip / 1024).toFixed(1)} KiB gzip`);

  const timings: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const context = await browser.newContext({ locale: 'zh-CN' });
    await signInByApi(context.request, 'headoffice');
    const page = await context.newPage();
    await page.goto('/');
    const drawn = await page.waitForFunction(
      (ids) => (ids.every((id) => document.querySelector(`[data-testid="${id}"] canvas`)) ? performance.now() : false),
      CHARTS,
      { polling: 'raf', timeout: 30_000 },
    );
    const ms = (await drawn.jsonValue()) as number;
    const nav = await page.evaluate(() => {
      const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { responseEnd: entry.responseEnd, domContentLoaded: entry.domContentLoadedEventEnd };
    });
    const js = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.js'))
        .reduce((n, r) => n + (r as PerformanceResourceTiming).transferSize, 0),
    );
    timings.push(ms);
    console.log(
      `first load ${run}/${RUNS}: charts drawn at ${ms.toFixed(0)} ms after navigation start ` +
        `(HTML ${nav.responseEnd.toFixed(0)} ms, DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, JS transferred ${(js / 1024).toFixed(0)} KiB)`,
    );
    await context.close();
  }
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`first load: median ${sorted[Math.floor(RUNS / 2)]!.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
});
