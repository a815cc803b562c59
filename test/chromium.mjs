/**
 * How every test and the benchmark start Debian's Chromium: headless, as root, and quiet on a
 * machine without network access (without the background-networking flags it keeps trying to
 * reach Google's hosts). `CHROME_PATH` picks another binary. Nothing downloads a browser.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
