// Where Chromium is, for the end-to-end tests and benchmarks. Never downloads a browser of its own:
// as root on Debian it installs Debian's `chromium` package; otherwise it says what to install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

const DEBIAN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function findChromium() {
  return [process.env.CHROME_PATH, ...DEBIAN_PATHS].filter(Boolean).find((p) => existsSync(p));
}

const MISSING =
  "Chromium was not found. The end-to-end tests drive Debian's Chromium through playwright-core.\n" +
  'Install the Debian package `chromium` (sudo apt-get update && sudo apt-get install -y chromium),\n' +
  'or point CHROME_PATH at a Chromium/Chrome binary. (Do not run `npx playwright install`.)';

/** Path of the Chromium binary: $CHROME_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const found = findChromium();
  if (!found) throw new Error(MISSING);
  return found;
}

function aptGet(args) {
  return spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;
}

/**
 * Like chromiumPath(), but as root on a Debian machine installs the `chromium` package first when
 * no browser is found. Anyone else gets the message naming the package and CHROME_PATH.
 */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROME_PATH) throw new Error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist.\n${MISSING}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) throw new Error(MISSING);
  console.log('▶ Chromium is missing: installing the Debian package `chromium` (apt-get, as root)');
  if (!aptGet(['update', '-qq']) || !aptGet(['install', '-y', '-qq', 'chromium'])) {
    throw new Error(`apt-get could not install chromium.\n${MISSING}`);
  }
  return chromiumPath();
}
