/**
 * `npm run check:build`: checks dist/ as a consumer meets it, after `npm run build`.
 *
 * - every file package.json's `exports` names exists (code and types);
 * - the manifest describes every element, and the script-tag file is Lit's production build;
 * - the schema entry runs in Node through the package's own name (as a receiving server would
 *   import it) and accepts a valid payload and rejects an invalid one with our issue codes.
 *
 * Exits non-zero on the first failed check group, listing what failed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};
const finish = (group) => {
  if (problems.length === 0) return console.log(`✔ ${group}`);
  console.error(`✖ ${group}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
};

/** Every path a condition of `exports` points to. */
function exportTargets(entry) {
  if (typeof entry === 'string') return [entry];
  return Object.values(entry).flatMap(exportTargets);
}

const elementTags = readdirSync(join(root, 'src/elements'))
  .filter((file) => /^second-opinion-[a-z-]+\.ts$/.test(file) && !file.endsWith('.styles.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

// Files
const targetLocales = JSON.parse(
  readFileSync(join(root, 'lit-localize.json'), 'utf8'),
).targetLocales;
for (const [subpath, entry] of Object.entries(pkg.exports)) {
  for (const target of exportTargets(entry)) {
    // A `*` pattern (./locales/*) must resolve for every target locale.
    const files = target.includes('*')
      ? targetLocales.map((locale) => target.replace('*', locale))
      : [target];
    for (const file of files) {
      check(existsSync(join(root, file)), `exports["${subpath}"] → ${file} is missing`);
    }
  }
  if (typeof entry === 'object') {
    check('types' in entry, `exports["${subpath}"] has no types`);
    check(Object.keys(entry)[0] === 'types', `exports["${subpath}"]: "types" must come first`);
  }
}
for (const tag of elementTags) {
  check(`./elements/${tag}` in pkg.exports, `package.json exports no ./elements/${tag}`);
}
const cdnFile = join(root, 'dist/cdn/second-opinion-intake.js');
check(existsSync(cdnFile), 'dist/cdn/second-opinion-intake.js is missing');
finish('files named by package.json exist');

// Contents
if (existsSync(cdnFile)) {
  const cdn = readFileSync(cdnFile, 'utf8');
  check(!cdn.includes('Lit is in dev mode'), 'the CDN file contains Lit’s development build');
  check(!/sourceMappingURL/.test(cdn), 'the CDN file points at a sourcemap that is not shipped');
  check(!/\bprocess\.env\b/.test(cdn), 'the CDN file reads process.env');
}
const manifest = JSON.parse(readFileSync(join(root, pkg.customElements), 'utf8'));
const manifestTags = manifest.modules.flatMap((module) =>
  (module.declarations ?? []).map((declaration) => declaration.tagName).filter(Boolean),
);
for (const tag of elementTags) {
  check(manifestTags.includes(tag), `custom-elements.json does not describe <${tag}>`);
}
// Declarations are read by consumers' compilers, which do not resolve `.ts` specifiers.
const typesDir = join(root, 'dist/types');
for (const file of readdirSync(typesDir, { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(join(typesDir, file), 'utf8');
  check(!/from\s+['"][^'"]+\.ts['"]/.test(text), `dist/types/${file} imports a .ts path`);
}
finish('contents of dist/');

// The manifest is the public API: typed, named, nothing private, every theme token documented.
const elements = manifest.modules.flatMap((module) =>
  (module.declarations ?? []).filter((declaration) => declaration.customElement),
);
const tokenNames = [
  ...new Set(
    readFileSync(join(root, 'src/elements/shared/tokens.styles.ts'), 'utf8').match(
      /--second-opinion-[a-z-]+[a-z]/g,
    ),
  ),
];
for (const element of elements) {
  const where = `custom-elements.json <${element.tagName}>`;
  for (const member of element.members ?? []) {
    check(!['private', 'protected'].includes(member.privacy), `${where} lists ${member.name}`);
    if (member.kind === 'field') check(member.type?.text, `${where}: ${member.name} has no type`);
  }
  for (const event of element.events ?? []) {
    check(event.name, `${where} has an event without a name`);
    check(event.type?.text, `${where}: event ${event.name} has no type`);
    check(event.description, `${where}: event ${event.name} has no description`);
  }
}
const intake = elements.find((element) => element.tagName === 'second-opinion-intake');
const documentedTokens = new Set((intake?.cssProperties ?? []).map((property) => property.name));
for (const token of tokenNames) {
  check(documentedTokens.has(token), `<second-opinion-intake> has no @cssprop ${token}`);
}
finish('custom-elements.json: the public API, typed and documented');

// The schema entry in Node, imported by the package's own name
const schema = await import(`${pkg.name}/schema`);
const validPayload = {
  schemaVersion: schema.SCHEMA_VERSION,
  submissionId: crypto.randomUUID(),
  submittedAt: new Date().toISOString(),
  locale: 'en',
  serviceCountry: 'DE',
  requester: { role: 'patient' },
  patient: {
    name: 'Alex Example',
    dateOfBirth: '1970-01-31',
    email: 'alex@example.org',
    preferredContact: 'email',
  },
  reasons: { selected: ['verify-diagnosis'] },
  motive: 'Is surgery really needed, or is there a treatment without it?',
  documents: [
    {
      type: 'medical-record-extract',
      status: 'attached',
      language: 'en',
      translationNeeded: false,
    },
  ],
  insurance: { hasPrivateInsurance: false },
  consent: { healthDataProcessing: true },
};
const valid = schema.payloadSchema.safeParse(validPayload);
check(
  valid.success,
  `a valid payload is rejected: ${JSON.stringify(valid.success ? null : schema.toFieldErrors(valid.error.issues))}`,
);

const invalid = schema.payloadSchema.safeParse({
  ...validPayload,
  patient: { ...validPayload.patient, email: 'not an address' },
  consent: { healthDataProcessing: false },
});
const errors = invalid.success ? {} : schema.toFieldErrors(invalid.error.issues);
check(!invalid.success, 'an invalid payload is accepted');
check(errors['patient.email'] === 'invalid-email', `patient.email: ${errors['patient.email']}`);
check(
  errors['consent.healthDataProcessing'] === 'consent-required',
  `consent.healthDataProcessing: ${errors['consent.healthDataProcessing']}`,
);
finish(`${pkg.name}/schema validates payloads in Node`);
