import { createHash } from 'node:crypto';
import { EXTENSIONS, FHIR_BASE, URI_IDENTIFIER_SYSTEM } from '../../fhir/canonical.js';
import { questionnaireTextsFor } from '../../fhir/locale-texts.js';
import { toQuestionnaireResponse } from '../../fhir/response.js';
import type { QuestionnaireResponse } from '../../fhir/types.js';
import type { DocumentType } from '../../schema/constants.js';
import { OTHER_LANGUAGE } from '../../schema/languages.js';
import type { StoredFileInfo, StoredRequest } from '../store/types.js';

/**
 * One stored request as a FHIR R4 transaction Bundle, for import into a hospital's FHIR server:
 * the QuestionnaireResponse (`toQuestionnaireResponse`, the same mapping the widget uses) and one
 * DocumentReference per stored file, whose attachment points at the staff file route (the bytes
 * are never inlined). Every entry is a conditional create on its identifier, so importing the
 * same export twice stores nothing twice.
 *
 * The question and answer texts are in the request's locale (`payload.locale`, falling back to
 * the source locale, English), as the patient read them: `questionnaireTextsFor`, the widget's
 * own texts generated for every locale at build time, so the server needs no `msg()`. The
 * resource's `language` is the payload's locale: the language the answers were written in. The server does not know which organisation or
 * insurer the patient's page named, so the consent and the insurance question read as the
 * widget's do without them.
 */

/** Codes are the ids of `schema/constants.ts` `DOCUMENT_TYPES`. */
export const DOCUMENT_TYPE_SYSTEM = `${FHIR_BASE}/CodeSystem/document-type`;

interface BundleEntry {
  fullUrl: string;
  resource: QuestionnaireResponse | DocumentReference;
  request: { method: 'POST'; url: string; ifNoneExist: string };
}

export interface DocumentReference {
  resourceType: 'DocumentReference';
  identifier: { system: string; value: string }[];
  status: 'current';
  type: { coding: { system: string; code: string }[] };
  date: string;
  content: {
    attachment: {
      extension: { url: string; valueString: string }[];
      contentType: string;
      language?: string;
      url: string;
      size: number;
      title: string;
    };
  }[];
  context: { related: { reference: string; type: 'QuestionnaireResponse' }[] };
}

export interface TransactionBundle {
  resourceType: 'Bundle';
  type: 'transaction';
  timestamp: string;
  entry: BundleEntry[];
}

/** A stable name-based UUID, so each export of a request names its resources alike. */
function uuidFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const entry = (
  uuid: string,
  resource: BundleEntry['resource'],
): Pick<BundleEntry, 'fullUrl' | 'request'> & { resource: typeof resource } => ({
  fullUrl: `urn:uuid:${uuid}`,
  resource,
  request: {
    method: 'POST',
    url: resource.resourceType,
    ifNoneExist: `identifier=${URI_IDENTIFIER_SYSTEM}|urn:uuid:${uuid}`,
  },
});

export interface BundleOptions {
  /** Where staff download a file (the staff file route, absolute). */
  fileUrl: (type: DocumentType, index: number) => string;
  /** The export's time. */
  now?: Date;
}

export function toFhirBundle(request: StoredRequest, options: BundleOptions): TransactionBundle {
  const { payload } = request;
  const responseUuid = payload.submissionId;
  const response = toQuestionnaireResponse(payload, {
    texts: questionnaireTextsFor(payload.locale, { serviceCountry: payload.serviceCountry }),
    fileUrl: (file, type) => {
      const index = payload.documents.find((row) => row.type === type)?.files?.indexOf(file);
      return index === undefined || index < 0 ? undefined : options.fileUrl(type, index);
    },
  });

  const documentReference = (file: StoredFileInfo): BundleEntry => {
    const uuid = uuidFrom(`${payload.submissionId}:${file.type}:${file.index}`);
    const language = payload.documents.find((row) => row.type === file.type)?.language;
    return entry(uuid, {
      resourceType: 'DocumentReference',
      identifier: [{ system: URI_IDENTIFIER_SYSTEM, value: `urn:uuid:${uuid}` }],
      status: 'current',
      type: { coding: [{ system: DOCUMENT_TYPE_SYSTEM, code: file.type }] },
      date: request.receivedAt,
      content: [
        {
          attachment: {
            extension: [{ url: EXTENSIONS.sha256, valueString: file.sha256 }],
            contentType: file.contentType,
            ...(language && language !== OTHER_LANGUAGE ? { language } : {}),
            url: options.fileUrl(file.type, file.index),
            size: file.size,
            title: file.name,
          },
        },
      ],
      context: {
        related: [{ reference: `urn:uuid:${responseUuid}`, type: 'QuestionnaireResponse' }],
      },
    });
  };

  return {
    resourceType: 'Bundle',
    type: 'transaction',
    timestamp: (options.now ?? new Date()).toISOString(),
    entry: [entry(responseUuid, response), ...request.files.map(documentReference)],
  };
}
