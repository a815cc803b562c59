import { expect } from '@open-wc/testing';
import { parseConfigMessage } from '../src/isolation/messages.js';
import { PROTOCOL, type ConfigMessage, type FrameConfig } from '../src/isolation/protocol.js';

/** The isolation frame's check of the host's configuration message (src/isolation/messages.ts). */

const config = (change: Partial<FrameConfig> = {}): ConfigMessage => ({
  protocol: PROTOCOL,
  kind: 'config',
  config: {
    theme: 'light',
    partners: ['Charité'],
    format: 'json',
    showLanguageSwitcher: false,
    saveDraft: false,
    tokens: { accent: 'light-dark(#005a70, #7fd0e3)', radius: '4px' },
    lang: 'de-AT',
    dir: 'ltr',
    organization: 'Example',
    privacyUrl: 'https://insurer.example/privacy',
    ...change,
  },
});

describe('isolation messages', () => {
  it('takes a configuration message as the host sends it', () => {
    expect(parseConfigMessage(config())).to.deep.equal(config());
    expect(parseConfigMessage(config({ privacyUrl: 'http://127.0.0.1:5173/p' }))).to.not.equal(
      undefined,
    );
  });

  it('refuses any other shape', () => {
    const refused: unknown[] = [
      null,
      'config',
      { ...config(), protocol: 'other@1' },
      { ...config(), kind: 'height' },
      { ...config(), extra: true },
      { ...config(), config: { ...config().config, endpoint: 'https://evil.example' } },
      config({ theme: 'blue' as 'dark' }),
      config({ partners: Array(51).fill('x') }),
      config({ organization: 'x'.repeat(301) }),
      config({ maxAttempts: -1 }),
      config({ timeout: Number.NaN }),
      config({ lang: 'de"><script>' }),
    ];
    for (const message of refused) expect(parseConfigMessage(message)).to.equal(undefined);
  });

  it('refuses theme tokens that could load something or break out of the value', () => {
    for (const value of [
      'url(https://tracker.example/x.png)',
      'image-set("a.png" 1x)',
      'red; background: red',
      '}body{display:none',
    ]) {
      expect(parseConfigMessage(config({ tokens: { accent: value } })), value).to.equal(undefined);
    }
    const unknownToken = { ...config().config, tokens: { 'not-a-token': 'red' } };
    expect(parseConfigMessage({ ...config(), config: unknownToken })).to.equal(undefined);
  });

  it('refuses a privacy link that is not https (or http on loopback)', () => {
    for (const privacyUrl of [
      'javascript:alert(1)',
      'http://insurer.example/privacy',
      'data:text/html,x',
      '/privacy',
    ]) {
      expect(parseConfigMessage(config({ privacyUrl })), privacyUrl).to.equal(undefined);
    }
  });
});
