/**
 * Stored requests for the staff tests, shaped as the store keeps them (`StoredRequest`), with
 * real file bytes so downloads can be compared.
 */
import { createHash } from 'node:crypto';
import { proxyRequest } from '../fixtures/payloads.ts';

export const PDF_BYTES = new TextEncoder().encode('%PDF-1.7\n% staff test\n'.repeat(200));
export const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A proxy request with two files: a PDF extract (name with non-ASCII) and a PNG image. */
export function requestWithFiles(reference, receivedAt = new Date().toISOString()) {
  const pdf = {
    name: 'выписка "100" (final).pdf',
    size: PDF_BYTES.byteLength,
    type: 'application/pdf',
    sha256: sha256(PDF_BYTES),
  };
  const png = {
    name: 'mri.png',
    size: PNG_BYTES.byteLength,
    type: 'image/png',
    sha256: sha256(PNG_BYTES),
  };
  const payload = proxyRequest(
    [
      {
        type: 'medical-record-extract',
        status: 'attached',
        language: 'ka',
        translationNeeded: true,
        files: [pdf],
      },
      {
        type: 'imaging',
        status: 'attached',
        language: 'other',
        translationNeeded: true,
        files: [png],
      },
      { type: 'blood-tests', status: 'will-send-later', language: 'ka', translationNeeded: true },
    ],
    crypto.randomUUID(),
    receivedAt,
  );
  return {
    reference,
    submissionId: payload.submissionId,
    receivedAt,
    payload,
    files: [
      {
        type: 'medical-record-extract',
        index: 0,
        name: pdf.name,
        size: pdf.size,
        contentType: 'application/pdf',
        sha256: pdf.sha256,
      },
      {
        type: 'imaging',
        index: 0,
        name: png.name,
        size: png.size,
        contentType: 'image/png',
        sha256: png.sha256,
      },
    ],
    bytes: { 'medical-record-extract:0': PDF_BYTES, 'imaging:0': PNG_BYTES },
  };
}

/** Every free-text value of a payload: none may appear in a log, a webhook or an email. */
export function healthValues(payload) {
  return [
    payload.patient.name,
    payload.patient.email,
    payload.patient.phone,
    payload.patient.dateOfBirth,
    payload.requester.name,
    payload.motive,
    payload.diagnosis,
    payload.reasons.other,
    payload.insurance.insurer,
    payload.insurance.policyNumber,
  ].filter(Boolean);
}
