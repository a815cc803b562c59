import { expect } from '@open-wc/testing';
import { attachedFilesText, formatFileSize } from '../src/content/documents.js';
import { documentEntrySchema, type AttachedFile } from '../src/schema/documents.js';
import { fieldErrors, payloadSchema, type SecondOpinionPayload } from '../src/schema/index.js';
import {
  admitFiles,
  attachedFileName,
  DEFAULT_ATTACHMENT_LIMITS,
  inputAccept,
  parseAccept,
  sha256Hex,
  sniffKind,
  type AttachmentRules,
} from '../src/submit/attachments.js';
import {
  buildRequestBody,
  filePartName,
  parseFilePartName,
  SUBMISSION_PART,
} from '../src/submit/multipart.js';
import { fileBytes, makeFile, sha256Of, type FixtureKind } from './attachment-fixtures.js';

const ALL_RULES: AttachmentRules = {
  kinds: ['pdf', 'jpeg', 'png', 'tiff', 'dicom', 'zip'],
  ...DEFAULT_ATTACHMENT_LIMITS,
};

const noneHeld = { count: 0, totalSize: 0, rowHashes: new Set<string>() };

async function meta(file: File, type: string): Promise<AttachedFile> {
  return { name: file.name, size: file.size, type, sha256: await sha256Of(file) };
}

function payload(documents: SecondOpinionPayload['documents']): SecondOpinionPayload {
  return {
    schemaVersion: 1,
    submissionId: crypto.randomUUID(),
    submittedAt: new Date().toISOString(),
    locale: 'en',
    requester: { role: 'patient' },
    patient: { name: 'Anna Example', dateOfBirth: '1980-03-27', email: 'anna@example.com' },
    reasons: { selected: ['verify-diagnosis'] },
    motive: 'Do I need the operation?',
    documents,
    insurance: { hasPrivateInsurance: false },
    consent: { healthDataProcessing: true },
  };
}

describe('Attachments', () => {
  describe('Recognizing a file by its first bytes', () => {
    const cases: [FixtureKind, string | undefined][] = [
      ['pdf', 'pdf'],
      ['jpeg', 'jpeg'],
      ['png', 'png'],
      ['tiff', 'tiff'],
      ['dicom', 'dicom'],
      ['zip', 'zip'],
      ['text', undefined],
    ];
    for (const [fixture, kind] of cases) {
      it(`knows ${fixture} as ${kind ?? 'none of its kinds'}`, () => {
        expect(sniffKind(fileBytes(fixture))).to.equal(kind);
      });
    }

    it('reads big-endian TIFF, and DICM only at offset 128', () => {
      expect(sniffKind(Uint8Array.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).to.equal('tiff');
      const early = new Uint8Array(200);
      early.set([0x44, 0x49, 0x43, 0x4d], 0);
      expect(sniffKind(early)).to.equal(undefined);
      const late = new Uint8Array(200);
      late.set([0x44, 0x49, 0x43, 0x4d], 129);
      expect(sniffKind(late)).to.equal(undefined);
    });

    it('needs the whole signature: a short or broken start is nothing', () => {
      expect(sniffKind(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).to.equal(undefined);
      expect(sniffKind(Uint8Array.from([0xff, 0xd8]))).to.equal(undefined);
      expect(sniffKind(new Uint8Array(0))).to.equal(undefined);
      expect(sniffKind(new TextEncoder().encode('%PD'))).to.equal(undefined);
    });
  });

  describe('accept', () => {
    it('reads media types, extensions and wildcards; an empty value allows every kind', () => {
      expect(parseAccept('application/pdf, .dcm')).to.deep.equal(['pdf', 'dicom']);
      expect(parseAccept('IMAGE/*')).to.deep.equal(['jpeg', 'png', 'tiff']);
      expect(parseAccept('.JPG .zip')).to.deep.equal(['jpeg', 'zip']);
      expect(parseAccept('')).to.deep.equal(ALL_RULES.kinds);
      expect(parseAccept(undefined)).to.deep.equal(ALL_RULES.kinds);
      expect(parseAccept('text/plain')).to.deep.equal([]);
    });

    it('gives the file picker media types and extensions', () => {
      expect(inputAccept(['tiff', 'dicom'])).to.equal(
        'image/tiff,.tif,.tiff,application/dicom,.dcm',
      );
    });
  });

  describe('SHA-256 and names', () => {
    it('hashes the bytes (FIPS 180-2 test vector)', async () => {
      expect(await sha256Hex(new Blob(['abc']))).to.equal(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
    });

    it('keeps a name within 255 characters, its extension intact, without control characters', () => {
      const long = `${'a'.repeat(300)}.pdf`;
      expect(attachedFileName(long)).to.have.length(255);
      expect(attachedFileName(long).endsWith('a.pdf')).to.equal(true);
      expect(attachedFileName('scan\n1\u0000.pdf')).to.equal('scan1.pdf');
      expect(attachedFileName('\u0007')).to.equal('file');
    });
  });

  describe('admitFiles', () => {
    it('admits files in order with their metadata, and refuses each broken rule with its limit', async () => {
      const ok = makeFile('pdf', 'ok.pdf', { size: 100 });
      const files = [
        makeFile('text', 'notes.pdf'),
        ok,
        makeFile('pdf', 'big.pdf', { size: 2001 }),
        new File([], 'empty.pdf'),
        makeFile('pdf', 'ok again.pdf', { salt: 'ok.pdf', size: 100 }),
        makeFile('png', 'fills-the-total.png', { size: 1900 }),
        makeFile('jpeg', 'over-the-total.jpg', { size: 1000 }),
        makeFile('dicom', 'third.dcm', { size: 200 }),
        makeFile('dicom', 'fourth.dcm', { size: 10 }),
      ];
      const rules = { ...ALL_RULES, maxFileSize: 2000, maxTotalSize: 2300, maxFiles: 3 };

      const { admitted, refused } = await admitFiles(files, noneHeld, rules);

      expect(admitted.map(({ meta: { name } }) => name)).to.deep.equal([
        'ok.pdf',
        'fills-the-total.png',
        'third.dcm',
      ]);
      expect(admitted[0].file === ok).to.equal(true);
      expect(admitted[0].meta).to.deep.equal(await meta(ok, 'application/pdf'));
      expect(refused.map(({ name, reason, limit }) => [name, reason, limit])).to.deep.equal([
        ['notes.pdf', 'type', undefined],
        ['big.pdf', 'file-size', 2000],
        ['empty.pdf', 'empty', undefined],
        ['ok again.pdf', 'duplicate', undefined],
        ['over-the-total.jpg', 'total-size', 2300],
        ['fourth.dcm', 'count', 3],
      ]);
    });

    it('counts what is already held, and a type outside the rules is refused', async () => {
      const held = { count: 19, totalSize: 0, rowHashes: new Set<string>() };
      const { admitted, refused } = await admitFiles(
        [makeFile('png', 'a.png'), makeFile('pdf', 'b.pdf'), makeFile('pdf', 'c.pdf')],
        held,
        { ...ALL_RULES, kinds: ['pdf'] },
      );
      expect(admitted.map(({ meta: { name } }) => name)).to.deep.equal(['b.pdf']);
      expect(refused.map(({ reason }) => reason)).to.deep.equal(['type', 'count']);
    });

    it('reports the content’s media type, whatever the browser guessed from the name', async () => {
      const { admitted } = await admitFiles(
        [makeFile('dicom', 'IM0001', { type: 'application/octet-stream' })],
        noneHeld,
        ALL_RULES,
      );
      expect(admitted[0].meta.type).to.equal('application/dicom');
    });
  });

  describe('File sizes', () => {
    it('reads like a file manager: bytes, kB, MB, GB in units of 1024', () => {
      expect(formatFileSize(512)).to.equal('512 byte');
      expect(formatFileSize(1234)).to.equal('1.2 kB');
      expect(formatFileSize(25 * 1024 * 1024)).to.equal('25 MB');
      expect(formatFileSize(3 * 1024 ** 3)).to.equal('3 GB');
    });

    it('lists the files of a document for the review', () => {
      expect(
        attachedFilesText([
          { name: 'a.pdf', size: 1, type: 'application/pdf', sha256: '0'.repeat(64) },
          { name: 'b.png', size: 1, type: 'image/png', sha256: '1'.repeat(64) },
        ]),
      ).to.equal('Files: \u2068a.pdf\u2069, \u2068b.png\u2069');
    });
  });

  describe('Schema', () => {
    const file = { name: 'a.pdf', size: 10, type: 'application/pdf', sha256: 'ab'.repeat(32) };
    const attached = {
      type: 'imaging',
      status: 'attached',
      language: 'en',
      translationNeeded: false,
    };

    it('accepts files on a document the patient has', () => {
      expect(fieldErrors(documentEntrySchema, { ...attached, files: [file] })).to.deep.equal({});
      expect(fieldErrors(documentEntrySchema, { ...attached, files: [] })).to.deep.equal({});
    });

    it('refuses a malformed file, naming the path', () => {
      const errors = fieldErrors(documentEntrySchema, {
        ...attached,
        files: [
          { ...file, sha256: 'AB'.repeat(32) },
          { ...file, name: 'x'.repeat(256), size: -1 },
          { ...file, name: '', size: 1.5, type: 'pdf' },
        ],
      });
      expect(errors).to.deep.equal({
        'files.0.sha256': 'invalid',
        'files.1.name': 'too-long',
        'files.1.size': 'invalid',
        'files.2.name': 'required',
        'files.2.size': 'invalid',
        'files.2.type': 'invalid',
      });
    });

    it('refuses files on a document the patient does not have at hand', () => {
      expect(
        fieldErrors(documentEntrySchema, { ...attached, status: 'will-send-later', files: [file] }),
      ).to.deep.equal({ files: 'invalid' });
    });
  });

  describe('Request body', () => {
    it('is JSON when there are no files', () => {
      const body = buildRequestBody(
        payload([{ type: 'imaging', status: 'not-available', translationNeeded: false }]),
      );
      expect(body.contentType).to.equal('application/json');
      expect(typeof body.data).to.equal('string');
    });

    it('is multipart with the submission first and one part per file, named by type and index', async () => {
      const scan = makeFile('dicom', 'scan.dcm', { type: '' });
      const pdf = makeFile('pdf', 'letter.pdf');
      const labs = makeFile('jpeg', 'labs photo.jpg');
      const value = payload([
        {
          type: 'imaging',
          status: 'attached',
          language: 'en',
          translationNeeded: false,
          files: [await meta(scan, 'application/dicom'), await meta(pdf, 'application/pdf')],
        },
        {
          type: 'blood-tests',
          status: 'attached',
          language: 'en',
          translationNeeded: false,
          files: [await meta(labs, 'image/jpeg')],
        },
      ]);
      expect(payloadSchema.safeParse(value).success).to.equal(true);

      const body = buildRequestBody(value, { imaging: [scan, pdf], 'blood-tests': [labs] });

      expect(body.contentType).to.equal(undefined);
      expect(body.data).to.be.instanceOf(FormData);
      const form = body.data as FormData;
      expect([...form.keys()]).to.deep.equal([
        SUBMISSION_PART,
        'file:imaging:0',
        'file:imaging:1',
        'file:blood-tests:0',
      ]);
      const submission = form.get(SUBMISSION_PART) as File;
      expect(submission.type).to.equal('application/json');
      expect(JSON.parse(await submission.text())).to.deep.equal(value);
      const first = form.get('file:imaging:0') as File;
      expect([first.name, first.type, first.size]).to.deep.equal([
        'scan.dcm',
        'application/dicom',
        scan.size,
      ]);
      expect(await sha256Of(first)).to.equal(await sha256Of(scan));
      expect((form.get('file:blood-tests:0') as File).name).to.equal('labs photo.jpg');

      // What goes over the wire, read by the test server from a real request (WebKit will not
      // read a form-data body back through `new Response(form)`, though it sends it correctly).
      await fetch('/test-api/requests', { method: 'DELETE' });
      await fetch('/test-api/respond/204?type=', { method: 'POST', body: form });
      const [sent] = (await (await fetch('/test-api/requests')).json()) as { body: string }[];
      const wire = sent.body;
      expect(wire).to.contain('name="file:imaging:1"; filename="letter.pdf"');
      expect(wire).to.contain('Content-Type: application/dicom');
    });

    it('puts another submission body (FHIR) in the submission part', async () => {
      const pdf = makeFile('pdf', 'letter.pdf');
      const value = payload([
        {
          type: 'other',
          status: 'attached',
          language: 'en',
          translationNeeded: false,
          files: [await meta(pdf, 'application/pdf')],
        },
      ]);
      const body = buildRequestBody(
        value,
        { other: [pdf] },
        { contentType: 'application/fhir+json', data: { resourceType: 'QuestionnaireResponse' } },
      );
      const submission = (body.data as FormData).get(SUBMISSION_PART) as File;
      expect(submission.type).to.equal('application/fhir+json');
      expect(JSON.parse(await submission.text())).to.deep.equal({
        resourceType: 'QuestionnaireResponse',
      });
    });

    it('refuses files that do not match the payload’s lists', async () => {
      const pdf = makeFile('pdf', 'letter.pdf');
      const listed = payload([
        {
          type: 'other',
          status: 'attached',
          language: 'en',
          translationNeeded: false,
          files: [await meta(pdf, 'application/pdf')],
        },
      ]);
      expect(() => buildRequestBody(listed, {})).to.throw(/1 files listed, 0 given/);
      expect(() => buildRequestBody(listed, { other: [new Blob(['x'])] })).to.throw(/size/);
      expect(() => buildRequestBody(listed, { other: [pdf], imaging: [pdf] })).to.throw(
        /does not list/,
      );
    });

    it('names file parts so the server can pair them with the lists', () => {
      expect(filePartName('medical-record-extract', 3)).to.equal('file:medical-record-extract:3');
      expect(parseFilePartName('file:blood-tests:12')).to.deep.equal({
        type: 'blood-tests',
        index: 12,
      });
      for (const name of ['file:x-rays:0', 'file:imaging:01', 'file:imaging:-1', 'submission']) {
        expect(parseFilePartName(name), name).to.equal(undefined);
      }
    });
  });
});
