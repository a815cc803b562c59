import { emptyDateParts, isoFromParts, type DateParts } from '../schema/date-parts.js';
import {
  SCHEMA_VERSION,
  type ContactChannel,
  type ProxyRelationship,
  type RequesterRole,
} from '../schema/constants.js';
import type { DocumentEntry } from '../schema/documents.js';
import type { EligibilityValue } from '../schema/eligibility.js';
import type { InsuranceValue } from '../schema/insurance.js';
import { withoutBlankText } from '../schema/normalize.js';
import type { SecondOpinionPayload } from '../schema/payload.js';

/**
 * The intake's answers while the patient works on them: every field as typed, nothing trimmed.
 * `buildPayload` turns it into the request body; each step validates its part of that body, so
 * what a step accepts is exactly what the server receives.
 */
export interface IntakeDraft {
  eligibility: EligibilityValue;
  documents: DocumentEntry[];
  insurance: InsuranceValue;
  requester: { role?: RequesterRole; relationship?: ProxyRelationship; name?: string };
  patient: {
    name: string;
    /** As typed in its three fields; the payload carries it as `YYYY-MM-DD`. */
    dateOfBirth: DateParts;
    email: string;
    phone: string;
    preferredContact?: ContactChannel;
  };
  consent: boolean;
}

export function emptyDraft(): IntakeDraft {
  return {
    eligibility: { selected: [], motive: '' },
    documents: [],
    insurance: {},
    requester: {},
    patient: { name: '', dateOfBirth: emptyDateParts(), email: '', phone: '' },
    consent: false,
  };
}

/**
 * A request that may have reached the server but was not accepted yet: its Idempotency-Key and
 * the time of its first send. Both stay the same for every send of it, so that the same answers
 * are the same payload again (servers compare a hash of it) and a lost answer is never stored
 * twice.
 */
export interface PendingSubmission {
  submissionId: string;
  submittedAt: string;
}

export interface SubmissionMeta {
  submissionId: string;
  submittedAt: string;
  locale: string;
  serviceCountry?: string | undefined;
}

/**
 * The request body for a draft. Not validated here: pass it through `payloadSchema`. A proxy's
 * own details are kept only for a proxy, and insurance details only with private insurance.
 */
export function buildPayload(draft: IntakeDraft, meta: SubmissionMeta): SecondOpinionPayload {
  const { eligibility, insurance, requester } = draft;
  const isProxy = requester.role === 'proxy';
  const payload = {
    schemaVersion: SCHEMA_VERSION,
    ...meta,
    requester: isProxy ? requester : { role: requester.role },
    patient: { ...draft.patient, dateOfBirth: isoFromParts(draft.patient.dateOfBirth) },
    reasons: {
      selected: eligibility.selected,
      other: eligibility.selected.includes('other') ? eligibility.other : undefined,
    },
    motive: eligibility.motive,
    diagnosis: eligibility.diagnosis,
    documents: draft.documents,
    insurance: insurance.hasPrivateInsurance
      ? insurance
      : { hasPrivateInsurance: insurance.hasPrivateInsurance },
    consent: { healthDataProcessing: draft.consent },
  };
  return withoutBlankText(payload) as SecondOpinionPayload;
}
