import { chromium } from 'playwright-core';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-background-networking','--disable-component-update','--disable-sync','--disable-quic','--no-first-run'] });
const page = await browser.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(url, { waitUntil: 'networkidle' }); await page.locator('[data-rerun][data-mounted=ready]').waitFor();
const root = page.locator('[data-rerun]');
await root.locator('select[name=backend]').selectOption(process.argv[3] ?? 'auto');
const t0 = Date.now();
await root.locator('button.rerun-run').click();
for (let i = 0; i < 240; i++) {
  const outcome = await root.getAttribute('data-outcome');
  if (outcome) break;
  await page.waitForTimeout(500);
  if (i % 4 === 0) console.log((await root.locator('.rerun-status').innerText()).slice(0, 200));
}
console.log('backend', await root.getAttribute('data-backend'), 'outcome', await root.getAttribute('data-outcome'), 'after', (Date.now() - t0) / 1000, 's');
console.log(await root.locator('.rerun-status').innerText());
console.log(await root.locator('.rerun-summary').innerText());
console.log(await root.locator('.rerun-notices').innerText());
await page.screenshot({ path: '/tmp/rerun.png', fullPage: true });
await browser.close();
