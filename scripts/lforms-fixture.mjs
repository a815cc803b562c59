/**
 * Writes test/fixtures/lforms-questionnaire-response.json: a QuestionnaireResponse to the
 * intake's Questionnaire as NLM's LHC-Forms (npm `lforms`) exports it, made in a real browser.
 *
 * LHC-Forms' own built files (node_modules/lforms/dist/lforms/…) and the Questionnaire are served
 * from a loopback server on a free port and opened in headless Chromium (Debian's, through
 * playwright-core; test/chromium.mjs). Every request to any other origin is refused and makes the
 * script fail: nothing comes from the internet. In the page, LHC-Forms converts the Questionnaire,
 * loads a widget-made response to it (`LForms.Util.mergeFHIRDataIntoLForms`), renders the form
 * (`LForms.Util.addFormToPage`) and exports the answers again
 * (`LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4')`): the round trip a clinic's own
 * form filler makes. The answers are `otherFillerRequest()` (test/fixtures/payloads.ts).
 *
 * Run: `node --import tsx scripts/lforms-fixture.mjs [output.json]` (default: the fixture).
 * test/node/lforms.test.mjs runs it live and compares its output with the committed fixture.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  buildQuestionnaire,
  questionnaireTextsFor,
  toQuestionnaireResponse,
} from '../src/fhir/index.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/chromium.mjs';
import { otherFillerRequest } from '../test/fixtures/payloads.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE = join(root, 'test/fixtures/lforms-questionnaire-response.json');
/** LHC-Forms' built files, as the package ships them. */
const LFORMS_DIST = join(
  dirname(createRequire(import.meta.url).resolve('lforms/package.json')),
  'dist',
  'lforms',
);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** The page: LHC-Forms' web component and its R4 support, the files its README lists. */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>LHC-Forms round trip</title>
    <link rel="stylesheet" href="/lforms/webcomponent/styles.css" />
    <script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
    <script src="/lforms/webcomponent/runtime.js" type="module"></script>
    <script src="/lforms/webcomponent/polyfills.js" type="module"></script>
    <script src="/lforms/webcomponent/main.js" type="module"></script>
    <!-- Deferred: runs after the modules above, in order, once LForms exists. -->
    <script src="/lforms/fhir/R4/lformsFHIR.min.js" defer></script>
  </head>
  <body>
    <div id="form"></div>
  </body>
</html>`;

/** Serves the page, LHC-Forms' files and the two resources; loopback only, a free port. */
async function startServer(resources) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (path === '/') return send(200, TYPES['.html'], PAGE);
    if (path === '/questionnaire.json' || path === '/response.json') {
      return send(200, TYPES['.json'], JSON.stringify(resources[path.slice(1, -5)]));
    }
    if (path.startsWith('/lforms/')) {
      const file = normalize(join(LFORMS_DIST, decodeURIComponent(path.slice('/lforms/'.length))));
      if (file.startsWith(LFORMS_DIST + sep)) {
        try {
          const type = TYPES[extname(file)] ?? 'application/octet-stream';
          return send(200, type, await readFile(file));
        } catch {
          // Not there: 404 below.
        }
      }
    }
    return send(404, 'text/plain; charset=utf-8', 'not found');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/**
 * The widget's response to `questionnaire`, loaded into LHC-Forms and exported again by it.
 * Rejects when the page asks for anything outside the local server or reports an error.
 */
export async function roundTripThroughLForms(questionnaire, response) {
  const { server, origin } = await startServer({ questionnaire, response });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage();
    const outside = [];
    const pageErrors = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      outside.push(url);
      return route.abort('blockedbyclient');
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.LForms?.Util && window.LForms.FHIR?.R4);
    const exported = await page.evaluate(async () => {
      const [questionnaire, response] = await Promise.all(
        ['/questionnaire.json', '/response.json'].map(async (url) => (await fetch(url)).json()),
      );
      const { Util } = window.LForms;
      const form = Util.convertFHIRQuestionnaireToLForms(questionnaire, 'R4');
      const filled = Util.mergeFHIRDataIntoLForms('QuestionnaireResponse', response, form, 'R4');
      await Util.addFormToPage(filled, 'form');
      return Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'));
    });
    if (outside.length > 0) throw new Error(`LHC-Forms asked for ${outside.join(', ')}`);
    if (pageErrors.length > 0) throw new Error(`LHC-Forms failed: ${pageErrors.join('; ')}`);
    return exported;
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
}

/**
 * The Questionnaire as published (dist/fhir/questionnaire.json, in English) and a widget response
 * to it, in the same words.
 */
export function widgetResources() {
  const payload = otherFillerRequest();
  return {
    questionnaire: buildQuestionnaire(questionnaireTextsFor('en')),
    response: toQuestionnaireResponse(payload, {
      texts: questionnaireTextsFor('en', { serviceCountry: payload.serviceCountry }),
    }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const output = resolve(process.argv[2] ?? FIXTURE);
  const { questionnaire, response } = widgetResources();
  const exported = await roundTripThroughLForms(questionnaire, response);
  await writeFile(output, `${JSON.stringify(exported, null, 2)}\n`);
  console.info(`LHC-Forms' QuestionnaireResponse → ${output}`);
}
