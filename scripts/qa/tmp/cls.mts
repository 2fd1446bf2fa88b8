import { chromium } from 'playwright-core';
import { serveCompressed } from '../static-server.mjs';
const server = await serveCompressed({ dir: '/work/main/dist-qa' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const mode of ['normal', 'nofonts', 'nojs']) {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 823 }, javaScriptEnabled: mode !== 'nojs' });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    (window as any).__shifts = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries() as any[]) (window as any).__shifts.push({ t: Math.round(e.startTime), v: e.value.toFixed(4), src: e.sources.map((s: any) => `${s.node?.nodeName}.${s.node?.className} ${JSON.stringify(s.previousRect.toJSON())} -> ${JSON.stringify(s.currentRect.toJSON())}`) }); }).observe({ type: 'layout-shift', buffered: true });
  });
  if (mode === 'nofonts') await page.route('**/*.woff2', (r) => r.abort());
  await page.goto(server.url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  console.log(mode, JSON.stringify(await page.evaluate(() => (window as any).__shifts), null, 1));
  await ctx.close();
}
await browser.close(); await server.close();
