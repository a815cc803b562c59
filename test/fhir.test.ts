import { configureLocalization } from '@lit/localize';
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import { documentStatusLabel, documentTypeLabel, languageName } from '../src/content/documents.js';
import { coverageLabel } from '../src/content/insurance.js';
import {
  contactChannelChoice,
  relationshipLabel,
  requesterRoleLabel,
} from '../src/content/intake-form.js';
import { reasonLabel } from '../src/content/reasons.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import {
  allItems,
  answersByLinkId,
  BCP47,
  buildQuestionnaire,
  CODE_SYSTEMS,
  enabledLinkIds,
  EXTENSIONS,
  FHIR_JSON,
  FhirMappingError,
  fromQuestionnaireResponse,
  QUESTIONNAIRE_CANONICAL,
  QUESTIONNAIRE_URL,
  questionnaireTextsFor,
  toQuestionnaireResponse,
  type ResponseOptions,
  type TextSettings,
  type ContainedRelatedPerson,
  type DocumentFile,
  type IntakePayload,
  type Questionnaire,
  type QuestionnaireItem,
  type QuestionnaireResponse,
  type QuestionnaireResponseAnswer,
} from '../src/fhir/index.js';
import { currentLocale } from '../src/locale.js';
import { questionnaireTexts } from '../src/index.js';
import {
  CONTACT_CHANNELS,
  COVERAGE_ANSWERS,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  fieldErrors,
  PROXY_RELATIONSHIPS,
  REASON_IDS,
  REQUESTER_ROLES,
  payloadSchema,
  type SecondOpinionPayload,
} from '../src/schema/index.js';
import { buildPayload, emptyDraft } from '../src/submit/payload.js';
import { proxyRequest } from './fixtures/payloads.js';

/** The Questionnaire as the widget words it, in the current locale. */
const widgetQuestionnaire = (settings: TextSettings = {}) =>
  buildQuestionnaire(questionnaireTexts(settings), settings);

/** A payload as the widget sends it with `format="fhir"`: in the words the patient saw. */
const widgetResponse = (
  payload: IntakePayload,
  { organization, insurer, ...options }: Omit<ResponseOptions, 'texts'> & TextSettings = {},
) =>
  toQuestionnaireResponse(payload, {
    texts: questionnaireTexts({ organization, insurer, serviceCountry: payload.serviceCountry }),
    ...options,
  });

const ENDPOINT = '/api/second-opinion';
/** Test-only (test/server/middleware.ts): what the store holds; DELETE empties it. */
const SUBMISSIONS = '/test-api/stored';

/** A proxy, private insurance, "other" reason, every document status, files (issue #5). */
function proxyPayload(): IntakePayload {
  return proxyRequest([
    {
      type: 'medical-record-extract',
      status: 'attached',
      language: 'ka',
      translationNeeded: true,
      files: [
        { name: 'form-100.pdf', size: 182_344, type: 'application/pdf', sha256: 'a1'.repeat(32) },
        { name: 'scan.heic', size: 90_000, type: '', sha256: 'b2'.repeat(32) },
      ],
    },
    { type: 'imaging', status: 'will-send-later', language: 'en', translationNeeded: false },
    {
      type: 'blood-tests',
      status: 'attached',
      language: 'other',
      translationNeeded: true,
      files: [{ name: 'labs.jpg', size: 51_200, type: 'image/jpeg', sha256: 'c3'.repeat(32) }],
    },
    { type: 'medications', status: 'not-available', translationNeeded: false },
    { type: 'other', status: 'not-available', translationNeeded: false },
  ]);
}

/** The patient themselves, no insurance, nothing optional. */
function patientPayload(): IntakePayload {
  return {
    schemaVersion: 1,
    submissionId: crypto.randomUUID(),
    submittedAt: new Date().toISOString(),
    locale: 'en',
    requester: { role: 'patient' },
    patient: { name: 'Anna Example', dateOfBirth: '1980-03-27', email: 'anna@example.com' },
    reasons: { selected: ['unsure-of-diagnosis-or-treatment'] },
    motive: 'Do I need the operation?',
    documents: DOCUMENT_TYPES.map((type) => ({
      type,
      status: 'not-available' as const,
      translationNeeded: false,
    })),
    insurance: { hasPrivateInsurance: false },
    consent: { healthDataProcessing: true },
  };
}

/** The payload without files: posted as JSON, a listed file would need its part (multipart). */
function withoutFiles(payload: IntakePayload): SecondOpinionPayload {
  return {
    ...payload,
    documents: payload.documents.map(({ files: _files, ...entry }) => entry),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const questionsOf = (questionnaire: Questionnaire) =>
  [...allItems<QuestionnaireItem>(questionnaire.item)].filter(
    (item) => item.type !== 'group' && item.type !== 'display',
  );

const itemOf = (questionnaire: Questionnaire, linkId: string) =>
  [...allItems<QuestionnaireItem>(questionnaire.item)].find((item) => item.linkId === linkId);

/** Payload keys the response carries outside its items (or, for documents, per type). */
const NOT_ITEMS = new Set([
  'schemaVersion',
  'submissionId',
  'submittedAt',
  'locale',
  'serviceCountry',
  'documents',
]);

/** Every answer a payload gives, as `[linkId, value]`; a file is one value. */
function payloadAnswers(payload: IntakePayload): [string, unknown][] {
  const found: [string, unknown][] = [];
  const walk = (linkId: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((one) => walk(linkId, one));
    else if (isRecord(value) && !linkId.endsWith('.files')) {
      for (const [key, child] of Object.entries(value)) walk(`${linkId}.${key}`, child);
    } else found.push([linkId, value]);
  };
  for (const [key, value] of Object.entries(payload)) {
    if (!NOT_ITEMS.has(key)) walk(key, value);
  }
  for (const { type, ...entry } of payload.documents) walk(`documents.${type}`, entry);
  return found;
}

function answerHolds(answer: QuestionnaireResponseAnswer, value: unknown): boolean {
  if (typeof value === 'boolean') return answer.valueBoolean === value;
  if (typeof value === 'string') {
    return [answer.valueString, answer.valueDate, answer.valueCoding?.code].includes(value);
  }
  const file = value as DocumentFile;
  const attachment = answer.valueAttachment;
  return (
    attachment?.title === file.name &&
    attachment.size === file.size &&
    (attachment.contentType ?? '') === file.type &&
    attachment.extension?.some((extension) => extension.valueString === file.sha256) === true
  );
}

/** Which value types may answer which item types (R4 `QuestionnaireResponse` rules). */
const ANSWER_TYPES: Record<string, string[]> = {
  boolean: ['valueBoolean'],
  date: ['valueDate'],
  string: ['valueString'],
  text: ['valueString'],
  choice: ['valueCoding'],
  'open-choice': ['valueCoding', 'valueString'],
  attachment: ['valueAttachment'],
};

function enabledIn(questionnaire: Questionnaire, response: QuestionnaireResponse): Set<string> {
  return enabledLinkIds(questionnaire.item, answersByLinkId(response.item));
}

/** Payload path of a linkId: `documents.<type>.x` is the row of that type. */
function payloadPath(payload: IntakePayload, linkId: string): string {
  const [head, type, ...rest] = linkId.split('.');
  if (head !== 'documents') return linkId;
  const index = payload.documents.findIndex((entry) => entry.type === type);
  return ['documents', index, ...rest].join('.');
}

/** The payload without the answer at `linkId`. */
function without(payload: IntakePayload, linkId: string): IntakePayload {
  const copy = structuredClone(payload);
  const path = payloadPath(copy, linkId).split('.');
  const key = path.pop()!;
  let target: unknown = copy;
  for (const step of path) target = (target as Record<string, unknown>)[step];
  delete (target as Record<string, unknown>)[key];
  return copy;
}

function postFhir(resource: unknown, key: string) {
  return fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': FHIR_JSON, 'Idempotency-Key': key },
    body: JSON.stringify(resource),
  });
}

async function stored(): Promise<{ reference: string; payload: unknown }[]> {
  return (await (await fetch(SUBMISSIONS)).json()) as { reference: string; payload: unknown }[];
}

describe('FHIR', () => {
  describe('Questionnaire', () => {
    it('has the canonical URL, the schema version, a title and the current locale', () => {
      const questionnaire = widgetQuestionnaire();

      expect(questionnaire.url).to.equal(QUESTIONNAIRE_URL);
      expect(`${questionnaire.url}|${questionnaire.version}`).to.equal(QUESTIONNAIRE_CANONICAL);
      expect(questionnaire.version).to.equal('1');
      expect(questionnaire.status).to.equal('active');
      expect(questionnaire.title).to.equal('Request a medical second opinion');
      expect(questionnaire.language).to.equal(currentLocale());
    });

    it('asks every payload field, with payload paths as unique linkIds', () => {
      const questionnaire = widgetQuestionnaire();
      const linkIds = [...allItems<QuestionnaireItem>(questionnaire.item)].map((i) => i.linkId);

      expect(new Set(linkIds).size, 'linkIds are unique (que-2)').to.equal(linkIds.length);
      expect(questionsOf(questionnaire).map((item) => item.linkId)).to.have.members([
        'reasons.selected',
        'reasons.other',
        'motive',
        'diagnosis',
        ...DOCUMENT_TYPES.flatMap((type) =>
          ['status', 'language', 'translationNeeded', 'files'].map(
            (field) => `documents.${type}.${field}`,
          ),
        ),
        'insurance.hasPrivateInsurance',
        'insurance.insurer',
        'insurance.policyNumber',
        'insurance.coverageConfirmed',
        'requester.role',
        'requester.relationship',
        'requester.name',
        'patient.name',
        'patient.dateOfBirth',
        'patient.email',
        'patient.phone',
        'patient.preferredContact',
        'consent.healthDataProcessing',
      ]);
      for (const item of [...allItems<QuestionnaireItem>(questionnaire.item)]) {
        if (item.type === 'display') expect(item.linkId).to.match(/^display\./);
        expect(item.text, item.linkId).to.be.a('string').and.match(/\S/);
      }
    });

    it('types each item as the schema types its field', () => {
      const questionnaire = widgetQuestionnaire();
      const type = (linkId: string) => itemOf(questionnaire, linkId)?.type;

      expect(type('patient.dateOfBirth')).to.equal('date');
      expect(type('insurance.hasPrivateInsurance')).to.equal('boolean');
      expect(type('consent.healthDataProcessing')).to.equal('boolean');
      expect(type('motive')).to.equal('text');
      expect(type('patient.email')).to.equal('string');
      expect(type('documents.imaging.language')).to.equal('open-choice');
      expect(type('documents.imaging.files')).to.equal('attachment');
      expect(itemOf(questionnaire, 'documents.imaging.files')?.repeats).to.equal(true);
      expect(itemOf(questionnaire, 'reasons.selected')?.repeats).to.equal(true);
      expect(itemOf(questionnaire, 'motive')?.maxLength).to.equal(4000);
      const required = questionsOf(questionnaire)
        .filter((item) => item.required)
        .map((item) => item.linkId);
      expect(required).to.include.members(['motive', 'patient.email', 'requester.name']);
      expect(required).not.to.include.members(['diagnosis', 'patient.phone']);
    });

    it('offers the schema ids as Codings of our code systems, with the widget’s labels', () => {
      const questionnaire = widgetQuestionnaire();
      const offered = (linkId: string) =>
        itemOf(questionnaire, linkId)!.answerOption!.map((option) => option.valueCoding);
      const expected = <T extends string>(
        system: string,
        codes: readonly T[],
        label: (c: T) => string,
      ) => codes.map((code) => ({ system, code, display: label(code) }));

      expect(offered('reasons.selected')).to.deep.equal(
        expected(CODE_SYSTEMS.reason, REASON_IDS, reasonLabel),
      );
      expect(offered('documents.medications.status')).to.deep.equal(
        expected(CODE_SYSTEMS.documentStatus, DOCUMENT_STATUSES, documentStatusLabel),
      );
      expect(offered('insurance.coverageConfirmed')).to.deep.equal(
        expected(CODE_SYSTEMS.coverage, COVERAGE_ANSWERS, coverageLabel),
      );
      expect(offered('requester.role')).to.deep.equal(
        expected(CODE_SYSTEMS.requesterRole, REQUESTER_ROLES, requesterRoleLabel),
      );
      expect(offered('requester.relationship')).to.deep.equal(
        expected(CODE_SYSTEMS.proxyRelationship, PROXY_RELATIONSHIPS, relationshipLabel),
      );
      expect(offered('patient.preferredContact')).to.deep.equal(
        expected(CODE_SYSTEMS.contactChannel, CONTACT_CHANNELS, contactChannelChoice),
      );
      expect(itemOf(questionnaire, 'documents.imaging')!.text).to.equal(
        documentTypeLabel('imaging'),
      );
    });

    it('lists the document languages the widget offers for the service country', () => {
      const languages = (country?: string) =>
        itemOf(
          widgetQuestionnaire({ serviceCountry: country }),
          'documents.imaging.language',
        )!.answerOption!.map((option) => option.valueCoding);

      expect(languages('DE').slice(0, 3)).to.deep.equal([
        { system: BCP47, code: 'en', display: 'English' },
        { system: BCP47, code: 'de', display: 'German' },
        { system: BCP47, code: 'ka', display: languageName('ka') },
      ]);
      expect(languages('DE').at(-1)).to.deep.equal({
        system: CODE_SYSTEMS.documentLanguage,
        code: 'other',
        display: 'Another language',
      });
      expect(languages('GE')[1].code).to.equal('ka');
    });

    it('has the words a server generates for the locale (questionnaireTextsFor)', () => {
      const settings = { organization: 'Example Clinic', insurer: 'Example Insurance' };
      const widget = questionnaireTexts(settings);
      const server = questionnaireTextsFor(currentLocale(), settings);

      expect(widget.title).to.equal(server.title);
      expect(widget.items).to.deep.equal(server.items);
      // Language names are the browser's own (Intl), which may be another CLDR than Node's.
      expect({ ...widget.answers, documentLanguage: {} }).to.deep.equal({
        ...server.answers,
        documentLanguage: {},
      });
      const linkIds = (questionnaire: Questionnaire) =>
        [...allItems<QuestionnaireItem>(questionnaire.item)].map((item) => item.linkId);
      expect(linkIds(widgetQuestionnaire(settings)), 'one structure').to.deep.equal(
        linkIds(buildQuestionnaire(server, settings)),
      );
    });

    it('names the organisation and the preset insurer', () => {
      const questionnaire = widgetQuestionnaire({
        organization: 'Example Clinic',
        insurer: 'Example Insurance',
      });

      expect(questionnaire.publisher).to.equal('Example Clinic');
      expect(itemOf(questionnaire, 'consent.healthDataProcessing')!.text).to.contain(
        'Example Clinic',
      );
      expect(itemOf(questionnaire, 'insurance.hasPrivateInsurance')!.text).to.contain(
        'Example Insurance',
      );
    });
  });

  describe('QuestionnaireResponse', () => {
    it('is completed, authored at submission, for the versioned Questionnaire', () => {
      const payload = proxyPayload();
      const response = widgetResponse(payload);

      expect(response.resourceType).to.equal('QuestionnaireResponse');
      expect(response.status).to.equal('completed');
      expect(response.authored).to.equal(payload.submittedAt);
      expect(response.questionnaire).to.equal(`${QUESTIONNAIRE_URL}|1`);
      expect(response.identifier).to.deep.equal({
        system: 'urn:ietf:rfc:3986',
        value: `urn:uuid:${payload.submissionId}`,
      });
      expect(response.language).to.equal('ka');
      expect(response.extension).to.deep.equal([
        { url: EXTENSIONS.serviceCountry, valueCode: 'DE' },
      ]);
    });

    it('answers only linkIds of the Questionnaire, each with a value of its item’s type', () => {
      for (const payload of [proxyPayload(), patientPayload()]) {
        const questionnaire = widgetQuestionnaire({ serviceCountry: payload.serviceCountry });
        const response = widgetResponse(payload);
        const responseItems = [...allItems(response.item)];
        expect(responseItems.length).to.be.greaterThan(10);

        for (const item of responseItems) {
          const question = itemOf(questionnaire, item.linkId);
          expect(question, item.linkId).to.exist;
          expect(item.text).to.equal(question!.text);
          if (question!.type === 'group') {
            expect(item.answer, item.linkId).to.equal(undefined);
            continue;
          }
          expect(item.answer, item.linkId).to.have.length.greaterThan(0);
          if (!question!.repeats) expect(item.answer, item.linkId).to.have.length(1);
          for (const answer of item.answer!) {
            expect(Object.keys(answer), item.linkId).to.have.members([
              ANSWER_TYPES[question!.type].find((key) => key in answer) ?? 'none',
            ]);
          }
        }
      }
    });

    it('nests and orders its items as the Questionnaire does', () => {
      const response = widgetResponse(proxyPayload());
      const answered = new Set([...allItems(response.item)].map((item) => item.linkId));
      type Tree = [string, Tree][];
      const shape = (items: { linkId: string; item?: unknown[] }[] | undefined): Tree =>
        (items ?? []).map((item) => [item.linkId, shape(item.item as typeof items)]);
      // The Questionnaire pruned to the items the response holds: the same tree is expected.
      const prune = (items: QuestionnaireItem[] | undefined): QuestionnaireItem[] =>
        (items ?? [])
          .filter((item) => answered.has(item.linkId))
          .map((item) => ({ ...item, item: prune(item.item) }));

      expect(answered.size).to.be.greaterThan(30);
      expect(shape(response.item)).to.deep.equal(
        shape(prune(widgetQuestionnaire({ serviceCountry: 'DE' }).item)),
      );
    });

    it('holds every answer of the payload; only disabled items are left out', () => {
      const cases: [IntakePayload, string[]][] = [
        [proxyPayload(), ['medications', 'other']],
        [patientPayload(), [...DOCUMENT_TYPES]],
      ];
      for (const [payload, withoutLanguage] of cases) {
        const questionnaire = widgetQuestionnaire({ serviceCountry: payload.serviceCountry });
        const response = widgetResponse(payload);
        const answers = answersByLinkId(response.item);
        const enabled = enabledIn(questionnaire, response);
        const missing: string[] = [];

        for (const [linkId, value] of payloadAnswers(payload)) {
          const found = (answers.get(linkId) ?? []).some((answer) => answerHolds(answer, value));
          if (!found) missing.push(`${linkId}=${String(value)}`);
          expect(found, `${linkId} = ${JSON.stringify(value)}`).to.equal(enabled.has(linkId));
        }
        // The only ones: a document without a language has no translation question.
        expect(missing).to.deep.equal(
          withoutLanguage.map((type) => `documents.${type}.translationNeeded=false`),
        );
      }
      expect(payloadAnswers(proxyPayload())).to.have.length.greaterThan(30);
    });

    it('makes the patient the subject and the source, with contact details', () => {
      const payload = patientPayload();
      const response = widgetResponse(payload);

      expect(response.subject).to.deep.equal({
        reference: '#patient',
        type: 'Patient',
        display: 'Anna Example',
      });
      expect(response.source).to.deep.include({ reference: '#patient', type: 'Patient' });
      expect(response.contained).to.deep.equal([
        {
          resourceType: 'Patient',
          id: 'patient',
          name: [{ text: 'Anna Example' }],
          telecom: [{ system: 'email', value: 'anna@example.com' }],
          birthDate: '1980-03-27',
        },
      ]);
    });

    it('names a proxy as the source: a contained RelatedPerson of the patient', () => {
      const response = widgetResponse(proxyPayload());
      const related = response.contained!.find(
        (resource): resource is ContainedRelatedPerson => resource.resourceType === 'RelatedPerson',
      )!;

      expect(response.source).to.deep.equal({
        reference: '#requester',
        type: 'RelatedPerson',
        display: 'Nino Beridze',
      });
      expect(`#${related.id}`).to.equal(response.source!.reference);
      expect(related.patient).to.deep.equal({ reference: '#patient' });
      expect(related.name).to.deep.equal([{ text: 'Nino Beridze' }]);
      expect(related.relationship![0].coding).to.deep.equal([
        {
          system: CODE_SYSTEMS.proxyRelationship,
          code: 'parent-or-guardian',
          display: 'Parent or legal guardian',
        },
      ]);
      const patient = response.contained!.find((resource) => resource.resourceType === 'Patient');
      expect(patient).to.deep.include({ birthDate: '2012-05-17' });
      // The preferred channel ranks first.
      expect(patient).to.have.deep.property('telecom').that.deep.includes({
        system: 'phone',
        value: '+995 555 12 34 56',
        rank: 1,
      });
    });

    it('describes files as attachments: type, size, name, language, hash, no data', () => {
      const response = widgetResponse(proxyPayload());
      const answers = answersByLinkId(response.item);
      const extract = answers.get('documents.medical-record-extract.files')!;
      const labs = answers.get('documents.blood-tests.files')!;

      expect(extract.map((answer) => answer.valueAttachment)).to.deep.equal([
        {
          extension: [{ url: EXTENSIONS.sha256, valueString: 'a1'.repeat(32) }],
          contentType: 'application/pdf',
          language: 'ka',
          size: 182_344,
          title: 'form-100.pdf',
        },
        {
          // Unknown media type: left out rather than an empty code.
          extension: [{ url: EXTENSIONS.sha256, valueString: 'b2'.repeat(32) }],
          language: 'ka',
          size: 90_000,
          title: 'scan.heic',
        },
      ]);
      // "Another language" has no language tag.
      expect(labs[0].valueAttachment).not.to.have.property('language');
      expect(JSON.stringify(response)).not.to.match(/"data"/);
    });

    it('adds the file URL the service returned, when it gives one', () => {
      const seen: string[] = [];
      const response = widgetResponse(proxyPayload(), {
        fileUrl: (file, documentType) => {
          seen.push(`${documentType}/${file.name}`);
          return documentType === 'blood-tests' ? `https://files.example/${file.sha256}` : '';
        },
      });
      const answers = answersByLinkId(response.item);

      expect(seen).to.deep.equal([
        'medical-record-extract/form-100.pdf',
        'medical-record-extract/scan.heic',
        'blood-tests/labs.jpg',
      ]);
      expect(answers.get('documents.blood-tests.files')![0].valueAttachment!.url).to.equal(
        `https://files.example/${'c3'.repeat(32)}`,
      );
      expect(
        answers.get('documents.medical-record-extract.files')![0].valueAttachment,
      ).not.to.have.property('url');
    });

    it('codes languages as BCP 47, and one the list lacks too', () => {
      const payload = proxyPayload();
      payload.documents[1].language = 'sw';
      const answers = answersByLinkId(widgetResponse(payload).item);

      expect(answers.get('documents.medical-record-extract.language')![0].valueCoding).to.include({
        system: BCP47,
        code: 'ka',
      });
      expect(answers.get('documents.imaging.language')![0].valueCoding).to.include({
        system: BCP47,
        code: 'sw',
      });
      expect(answers.get('documents.blood-tests.language')![0].valueCoding).to.include({
        system: CODE_SYSTEMS.documentLanguage,
        code: 'other',
      });
    });

    it('leaves blank text out, since FHIR strings cannot be empty', () => {
      const payload = patientPayload();
      payload.diagnosis = '   ';
      const answers = answersByLinkId(widgetResponse(payload).item);

      expect(answers.has('diagnosis')).to.equal(false);
      expect(answers.has('motive')).to.equal(true);
    });

    it('refuses a payload that lists one document type twice', () => {
      const payload = patientPayload();
      payload.documents.push({ ...payload.documents[0] });

      expect(() => widgetResponse(payload)).to.throw(RangeError, /twice/);
    });
  });

  describe('Round trip', () => {
    it('gives back the original payload', () => {
      for (const payload of [proxyPayload(), patientPayload()]) {
        const back = fromQuestionnaireResponse(widgetResponse(payload));
        expect(back).to.deep.equal(payload);
      }
    });

    it('gives back what the widget builds from a draft, through JSON', () => {
      const draft = emptyDraft();
      draft.eligibility = { selected: ['ensure-adequate-care'], motive: ' Why? ', diagnosis: '' };
      draft.documents = DOCUMENT_TYPES.map((type) => ({
        type,
        status: type === 'imaging' ? 'attached' : 'not-available',
        ...(type === 'imaging' ? { language: 'de' } : {}),
        translationNeeded: false,
      }));
      draft.insurance = { hasPrivateInsurance: true, insurer: 'Ins', coverageConfirmed: 'yes' };
      draft.requester = { role: 'patient', relationship: 'relative', name: 'left over' };
      draft.patient = {
        name: 'A B',
        dateOfBirth: { day: '2', month: '1', year: '1990' },
        email: 'a@example.com',
        phone: '',
        preferredContact: 'email',
      };
      draft.consent = true;
      const payload = payloadSchema.parse(
        buildPayload(draft, {
          submissionId: crypto.randomUUID(),
          submittedAt: new Date().toISOString(),
          locale: 'de',
          serviceCountry: 'DE',
        }),
      );
      const wire = JSON.parse(JSON.stringify(widgetResponse(payload))) as unknown;

      expect(fromQuestionnaireResponse(wire)).to.deep.equal(payload);
    });

    it('returns documents in the Questionnaire’s order', () => {
      const payload = patientPayload();
      const reversed = { ...payload, documents: [...payload.documents].reverse() };

      expect(fromQuestionnaireResponse(widgetResponse(reversed))).to.deep.equal(payload);
    });

    it('refuses what is not a completed response to this Questionnaire', () => {
      const response = widgetResponse(patientPayload());

      expect(() => fromQuestionnaireResponse({ resourceType: 'Patient' })).to.throw(
        FhirMappingError,
      );
      expect(() => fromQuestionnaireResponse(null)).to.throw(FhirMappingError);
      expect(() =>
        fromQuestionnaireResponse({
          ...response,
          questionnaire: 'https://example.org/Questionnaire/other|1',
        }),
      ).to.throw(FhirMappingError, /questionnaire/);
      expect(() => fromQuestionnaireResponse({ ...response, status: 'in-progress' })).to.throw(
        FhirMappingError,
        /status/,
      );
    });

    it('maps a missing or malformed answer to a payload the schema rejects at its path', () => {
      const payload = proxyPayload();
      const response = widgetResponse(withoutFiles(payload));
      const strip = (linkIds: string[]) => {
        const copy = structuredClone(response);
        const prune = (items: typeof copy.item): typeof copy.item =>
          items
            ?.filter((item) => !linkIds.includes(item.linkId))
            .map((item) => ({ ...item, ...(item.item ? { item: prune(item.item) } : {}) }));
        copy.item = prune(copy.item);
        return copy;
      };

      const errors = fieldErrors(
        payloadSchema,
        fromQuestionnaireResponse(strip(['patient.email', 'documents.imaging.language'])),
      );
      expect(errors).to.have.keys(['patient.email', 'documents.1.language']);
      expect(
        fieldErrors(payloadSchema, fromQuestionnaireResponse({ ...response, item: 'nonsense' })),
      ).to.include({ motive: 'required', 'insurance.hasPrivateInsurance': 'required' });
    });
  });

  describe('enableWhen and the widget', () => {
    /** Conditional items whose absence the schema reports: enabled ⇔ required by the schema. */
    const REQUIRED_WHEN_ENABLED = [
      'reasons.other',
      'requester.relationship',
      'requester.name',
      'insurance.insurer',
      'insurance.coverageConfirmed',
      ...DOCUMENT_TYPES.map((type) => `documents.${type}.language`),
    ];

    it('makes exactly the conditional fields conditional', () => {
      const conditional = [...allItems<QuestionnaireItem>(widgetQuestionnaire().item)]
        .filter((item) => item.enableWhen?.length)
        .map((item) => item.linkId);

      expect(conditional).to.have.members([
        ...REQUIRED_WHEN_ENABLED,
        'insurance.policyNumber',
        'display.insurance.advice',
        ...DOCUMENT_TYPES.flatMap((type) => [
          `documents.${type}.translationNeeded`,
          `documents.${type}.files`,
        ]),
      ]);
    });

    it('enables the items whose answer the schema then requires, and no others', () => {
      const scenarios = [proxyPayload(), patientPayload()];
      const seen = { enabled: new Set<string>(), disabled: new Set<string>() };
      for (const payload of scenarios) {
        const enabled = enabledIn(
          widgetQuestionnaire({ serviceCountry: payload.serviceCountry }),
          widgetResponse(payload),
        );
        for (const linkId of REQUIRED_WHEN_ENABLED) {
          const path = payloadPath(payload, linkId);
          const required = path in fieldErrors(payloadSchema, without(payload, linkId));
          expect(required, `${linkId}: required by the schema`).to.equal(enabled.has(linkId));
          seen[enabled.has(linkId) ? 'enabled' : 'disabled'].add(linkId);
        }
      }
      // Both sides of every condition were compared, so the scenarios prove something.
      for (const linkId of ['reasons.other', 'requester.name', 'insurance.insurer']) {
        expect(seen.enabled.has(linkId) && seen.disabled.has(linkId), linkId).to.equal(true);
      }
      expect(seen.disabled).to.include('documents.medications.language');
      expect(seen.enabled).to.include('documents.imaging.language');
    });

    it('shows the "other reason" field exactly when the reason is enabled', async () => {
      for (const payload of [proxyPayload(), patientPayload()]) {
        const enabled = enabledIn(widgetQuestionnaire(), widgetResponse(payload));
        const el = await fixture(
          html`<second-opinion-eligibility
            .value=${{ ...payload.reasons, motive: payload.motive }}
          ></second-opinion-eligibility>`,
        );
        const shown = el.shadowRoot!.querySelector('#other') !== null;

        expect(shown, payload.reasons.selected.join()).to.equal(enabled.has('reasons.other'));
      }
    });

    it('shows a document’s language field exactly when its item is enabled', async () => {
      const payload = proxyPayload();
      const enabled = enabledIn(
        widgetQuestionnaire({ serviceCountry: 'DE' }),
        widgetResponse(payload),
      );
      const el = await fixture(
        html`<second-opinion-documents
          service-country="DE"
          .value=${withoutFiles(payload).documents}
        ></second-opinion-documents>`,
      );

      for (const type of DOCUMENT_TYPES) {
        const shown = el.shadowRoot!.querySelector(`#${type}-language`) !== null;
        expect(shown, type).to.equal(enabled.has(`documents.${type}.language`));
      }
      expect(enabled.has('documents.medications.language')).to.equal(false);
      expect(enabled.has('documents.imaging.language')).to.equal(true);
    });

    it('shows the insurer questions and advice exactly when they are enabled', async () => {
      for (const payload of [proxyPayload(), patientPayload()]) {
        const enabled = enabledIn(widgetQuestionnaire(), widgetResponse(payload));
        const el = await fixture(
          html`<second-opinion-insurance .value=${payload.insurance}></second-opinion-insurance>`,
        );
        const root = el.shadowRoot!;
        const fields = {
          'insurance.insurer': '#insurer',
          'insurance.policyNumber': '#policy-number',
          'insurance.coverageConfirmed': '#coverage-confirmed',
          'display.insurance.advice': '[part="advice"]',
        };

        for (const [linkId, selector] of Object.entries(fields)) {
          const shown = root.querySelector(selector) !== null;
          expect(shown, `${linkId} with ${JSON.stringify(payload.insurance)}`).to.equal(
            enabled.has(linkId),
          );
        }
      }
    });

    it('shows the proxy’s relationship and name exactly when they are enabled', async () => {
      const el = await fixture<SecondOpinionIntake>(
        html`<second-opinion-intake service-country="DE"></second-opinion-intake>`,
      );
      const root = el.shadowRoot!;
      const next = async () => {
        root.querySelector<HTMLButtonElement>('[part="continue"]')!.click();
        await el.updateComplete;
      };
      const answer = (tag: string, value: unknown) => {
        const element = root.querySelector(tag) as HTMLElement & { value: unknown };
        element.value = value;
        element.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      };
      const sample = patientPayload();
      await next();
      answer('second-opinion-eligibility', { ...sample.reasons, motive: sample.motive });
      await next();
      answer('second-opinion-documents', sample.documents);
      await next();
      answer('second-opinion-insurance', sample.insurance);
      await next();
      expect(el.step).to.equal('contact');

      for (const payload of [proxyPayload(), patientPayload()]) {
        root.querySelector<HTMLInputElement>(`#requester-role-${payload.requester.role}`)!.click();
        await el.updateComplete;
        const enabled = enabledIn(widgetQuestionnaire(), widgetResponse(payload));

        for (const linkId of ['requester.relationship', 'requester.name']) {
          const shown = root.querySelector(`#${linkId.replace('.', '-')}`) !== null;
          expect(shown, `${linkId} for ${payload.requester.role}`).to.equal(enabled.has(linkId));
        }
      }
    });
  });

  describe('Reference endpoint with FHIR', () => {
    beforeEach(async () => {
      expect((await fetch(SUBMISSIONS, { method: 'DELETE' })).status).to.equal(204);
    });

    it('accepts a QuestionnaireResponse as application/fhir+json and stores the payload', async () => {
      const payload = withoutFiles(proxyPayload());
      const response = await postFhir(widgetResponse(payload), payload.submissionId);

      expect(response.status).to.equal(201);
      const { reference } = (await response.json()) as { reference: string };
      expect(reference).to.match(/^SO-/);
      const records = await stored();
      expect(records).to.have.length(1);
      expect(records[0].reference).to.equal(reference);
      expect(records[0].payload).to.deep.equal(payload);
    });

    it('stores a retried response once, and knows a submission sent first as JSON', async () => {
      const payload = withoutFiles(patientPayload());
      const resource = widgetResponse(payload);
      const first = await postFhir(resource, payload.submissionId);
      const retry = await postFhir(resource, payload.submissionId);
      const asJson = await fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': payload.submissionId },
        body: JSON.stringify(payload),
      });

      expect([first.status, retry.status, asJson.status]).to.deep.equal([201, 200, 200]);
      const references = await Promise.all(
        [first, retry, asJson].map(
          async (r) => ((await r.json()) as { reference: string }).reference,
        ),
      );
      expect(new Set(references).size).to.equal(1);
      expect(await stored()).to.have.length(1);
    });

    it('answers 422 with payload paths when an answer is missing or the key differs', async () => {
      const payload = withoutFiles(patientPayload());
      const resource = widgetResponse(payload);
      resource.item = resource.item!.filter((item) => item.linkId !== 'motive');

      const missing = await postFhir(resource, payload.submissionId);
      const otherKey = await postFhir(widgetResponse(payload), crypto.randomUUID());

      expect(missing.status).to.equal(422);
      expect(((await missing.json()) as { errors: unknown[] }).errors).to.deep.equal([
        { path: 'motive', code: 'required' },
      ]);
      expect(otherKey.status).to.equal(422);
      expect(((await otherKey.json()) as { errors: unknown[] }).errors).to.deep.include({
        path: 'submissionId',
        code: 'invalid',
      });
      expect(await stored()).to.have.length(0);
    });

    it('answers 400 to FHIR that is not a response to the intake, 415 to other types', async () => {
      const key = crypto.randomUUID();
      const patient = await postFhir({ resourceType: 'Patient', id: 'x' }, key);
      const plain = await fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml', 'Idempotency-Key': key },
        body: '<QuestionnaireResponse/>',
      });

      expect(patient.status).to.equal(400);
      expect(patient.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(plain.status).to.equal(415);
      expect(plain.headers.get('accept-post')).to.equal(
        `application/json, ${FHIR_JSON}, multipart/form-data`,
      );
      expect(await stored()).to.have.length(0);
    });
  });

  describe('Localization', () => {
    let setLocale: (locale: string) => Promise<void>;

    before(async () => {
      ({ setLocale } = configureLocalization({
        sourceLocale: 'en',
        targetLocales: ['de'],
        loadLocale: () =>
          Promise.resolve({
            templates: {
              'intake.formLabel': 'Eine ärztliche Zweitmeinung anfragen',
              'eligibility.legend': 'Warum möchten Sie eine Zweitmeinung?',
              'eligibility.verifyDiagnosis': 'Ich möchte meine Diagnose überprüfen lassen',
              'documents.statusLegend': 'Haben Sie dieses Dokument?',
            },
          }),
      }));
      await setLocale('de');
    });

    after(() => setLocale('en'));

    it('builds the Questionnaire and the response texts in the current locale', () => {
      const questionnaire = widgetQuestionnaire();
      const response = widgetResponse(proxyPayload());
      const answers = answersByLinkId(response.item);

      expect(questionnaire.language).to.equal(currentLocale());
      expect(questionnaire.title).to.equal('Eine ärztliche Zweitmeinung anfragen');
      expect(itemOf(questionnaire, 'reasons.selected')!.text).to.equal(
        'Warum möchten Sie eine Zweitmeinung?',
      );
      expect(itemOf(questionnaire, 'documents.imaging.status')!.text).to.equal(
        'Haben Sie dieses Dokument?',
      );
      expect(answers.get('reasons.selected')![0].valueCoding!.display).to.equal(
        'Ich möchte meine Diagnose überprüfen lassen',
      );
    });
  });
});
