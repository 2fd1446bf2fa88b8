// Screenshots of a built page for a human look:
//   node scripts/dev/screenshot.mjs <url> <out-prefix> [width=1280] [light|dark] [pages=1] [scale=1]
// writes <out-prefix>-0.png, -1.png, ... each one viewport tall, going down the page.
import { chromium } from 'playwright-core';
const [url, out, width = '1280', scheme = 'light', pages = '1', scale = '1'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'] });
const height = Number(width) < 600 ? 780 : 900;
const page = await browser.newPage({ viewport: { width: Number(width), height }, colorScheme: scheme, deviceScaleFactor: Number(scale) });
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(url, { waitUntil: 'networkidle' });
const total = await page.evaluate(() => document.documentElement.scrollHeight);
for (let i = 0; i < Number(pages); i++) {
  const y = (i * total) / Number(pages);
  await page.screenshot({ path: `${out}-${i}.png`, fullPage: true, clip: { x: 0, y, width: Number(width), height: Math.min(height, total - y) } });
}
console.log('page height', total);
await browser.close();
