/**
 * report.html in a real browser: headless Debian Chromium opens the file with
 * the network cut off, the timeline must be visible with a non-empty bar per
 * task that ran, the page must not overflow sideways, and a PNG is saved. A
 * review that requested changes must be seen on the timeline, in pixels.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport } from '../../cli/commands/report.js';
import { MIN_SEGMENT_W } from '../../cli/report/timeline-svg.js';
import { createSampleRun } from '../support/sample-journal.js';

const CHROMIUM = '/usr/bin/chromium';
// The test network is closed: these flags stop Chromium's own background calls, which would only be refused.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Pixels the page scrolls sideways; evaluated in the page (a string, since tests compile without DOM types). */
const SIDEWAYS_OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

/** The mean [r, g, b] of a PNG, decoded by the page's own canvas (no image library needed). */
const meanColour = (png: Buffer) => `(async () => {
  const img = new Image();
  img.src = 'data:image/png;base64,${png.toString('base64')}';
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += d[i + c];
  return sum.map((v) => v / (d.length / 4));
})()`;

let context: BrowserContext | undefined;
let work: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; install Debian's chromium (apt-get install -y chromium) to run the report screenshot test.`);
  work = await mkdtemp(join(tmpdir(), 'tandem-report-shot-'));
  // launchPersistentContext is how Playwright takes a fresh --user-data-dir.
  context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
}, 60_000);

afterAll(async () => {
  await context?.close();
});

describe('report.html in headless Chromium', () => {
  it('shows a visible, non-empty timeline with a bar per task that ran, and saves a screenshot', async () => {
    const sample = await createSampleRun({ demo: true });
    const report = await generateReport({ plan: sample.todoPath, out: join(work, 'report') }, sample.env);
    const page = await context!.newPage();
    const fetched: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      fetched.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(report.files.html).href, { waitUntil: 'load' });

    const timeline = page.locator('svg.timeline');
    expect(await timeline.isVisible()).toBe(true);
    const box = await timeline.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(100);

    const bars = await page.$$eval('svg.timeline g.task-bar', (groups) =>
      groups.map((g) => ({ task: g.getAttribute('data-task'), width: g.getBoundingClientRect().width, segments: g.querySelectorAll('rect.seg').length })),
    );
    const drawn = bars.filter((bar) => bar.width > 0 && bar.segments > 0);
    expect(drawn.map((bar) => bar.task)).toEqual(['T1', 'T2', 'T3']);
    expect(bars.find((bar) => bar.task === 'T2')!.segments).toBe(5); // implement + test per attempt, and a review on the second
    expect(await page.locator('svg.timeline line.attempt-boundary').count()).toBe(2); // T2 and T3 each retried once

    expect(await page.locator('.banner').innerText()).toBe('demo mode: scripted model, not a real one');
    const overflow = await page.evaluate<number>(SIDEWAYS_OVERFLOW);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(fetched).toEqual([]);

    const png = join(work, 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect((await stat(png)).size).toBeGreaterThan(20_000);
    // A narrow window: the timeline scrolls inside its box, the page itself does not.
    await page.setViewportSize({ width: 800, height: 900 });
    expect(await page.evaluate<number>(SIDEWAYS_OVERFLOW)).toBeLessThanOrEqual(0);
    // Every table stays inside the page's column (it scrolls in its own box when it must).
    const sticking = await page.$$eval('table', (tables) => tables.filter((t) => t.getBoundingClientRect().right > t.parentElement!.getBoundingClientRect().right + 1).length);
    expect(sticking).toBe(0);
    await page.screenshot({ path: join(work, 'report-narrow.png'), fullPage: true });
    // timeline.svg on its own (what report.md shows) parses as SVG and draws the same bars.
    await page.goto(pathToFileURL(report.files.svg).href, { waitUntil: 'load' });
    expect(await page.locator('svg.timeline g.task-bar').count()).toBe(4);
    expect(await page.locator('parsererror').count()).toBe(0);
    console.log(`report screenshots: ${png}, ${join(work, 'report-narrow.png')}`);
  }, 60_000);

  it('shows a review that requested changes: visible, at least its minimum width, and unlike an approval', async () => {
    const sample = await createSampleRun({ planned: true });
    const report = await generateReport({ plan: sample.todoPath, out: join(work, 'report-reviews') }, sample.env);
    const page = await context!.newPage();
    await page.goto(pathToFileURL(report.files.html).href, { waitUntil: 'load' });
    const changes = page.locator('svg.timeline rect.seg-review-changes');
    const approved = page.locator('svg.timeline rect.seg-review-approve');
    expect(await changes.count()).toBe(3); // T2's second attempt (one of two reviewers) and both of T3's
    expect(await approved.count()).toBe(1);

    // The SVG is scaled to the page: the minimum width is in its units, so compare at that scale.
    const scale = (await page.locator('svg.timeline').boundingBox())!.width / 960;
    const first = changes.first();
    await first.scrollIntoViewIfNeeded();
    expect(await first.isVisible()).toBe(true);
    const box = (await first.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(MIN_SEGMENT_W.review * scale - 0.5);
    expect(box.height).toBeGreaterThan(8);

    // What is drawn, not what is declared: orange for changes requested, violet for approved.
    const [cr, cg, cb] = await page.evaluate<[number, number, number]>(meanColour(await first.screenshot()));
    const [ar, ag, ab] = await page.evaluate<[number, number, number]>(meanColour(await approved.first().screenshot()));
    expect(cr).toBeGreaterThan(150);
    expect(cb).toBeLessThan(90);
    expect(ab).toBeGreaterThan(180);
    expect(Math.hypot(cr - ar, cg - ag, cb - ab)).toBeGreaterThan(120);

    // The legend names both, and the baseline row is labelled.
    for (const label of ['review: approved', 'review: changes requested']) expect(await page.locator('svg.timeline .legend text', { hasText: label }).isVisible()).toBe(true);
    expect(await page.locator('svg.timeline g.baseline-row text', { hasText: 'baseline:' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(work, 'report-reviews.png'), fullPage: true });
    console.log(`report screenshot with reviews: ${join(work, 'report-reviews.png')}`);
  }, 60_000);
});
