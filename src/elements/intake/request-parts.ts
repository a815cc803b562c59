import { headerProblem, type SubmitOptions } from '../../submit/client.js';
import { buildRequestBody } from '../../submit/multipart.js';
import type { SecondOpinionPayload } from '../../schema/payload.js';
import { DEFAULT_TIMEOUT_MS, positiveOr } from './shared.js';

/**
 * What one send posts besides the payload: its headers and, when not plain JSON, its body.
 * Apart from the submission controller so that sending reads as the steps of a send, and so
 * that the element's `requestBody()` default sits where the FHIR mapping is loaded.
 */

/** The element's settings the headers come from. */
export interface HeaderSettings {
  readonly headers: Record<string, string>;
  readonly getHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
  readonly timeout: number;
}

/** The element's settings the body depends on. */
export interface BodySettings {
  readonly format: 'json' | 'fhir';
  readonly organization?: string;
  readonly insurer?: string;
}

/**
 * `headers` and what `getHeaders()` adds, checked; undefined when they cannot be used (the
 * hook failed, took longer than the timeout, or gave invalid headers). The console names the
 * problem for the embedder, never a value.
 */
export async function requestHeaders(
  settings: HeaderSettings,
  signal: AbortSignal,
): Promise<Record<string, string> | undefined> {
  const { getHeaders } = settings;
  try {
    let extra: Record<string, string> | undefined;
    if (getHeaders) {
      const timeoutMs = positiveOr(settings.timeout, DEFAULT_TIMEOUT_MS);
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort = () => {};
      // Given up on after the timeout, or as soon as the patient stops the send.
      const givenUp = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('getHeaders() timed out')), timeoutMs);
        onAbort = () => reject(new Error('cancelled'));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        extra = await Promise.race([Promise.resolve(getHeaders()), givenUp]);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
    }
    const headers = { ...settings.headers, ...extra };
    const problem = headerProblem(headers);
    if (problem) {
      console.warn(`<second-opinion-intake>: ${problem}; nothing was sent.`);
      return undefined;
    }
    return headers;
  } catch {
    if (!signal.aborted) {
      console.warn('<second-opinion-intake>: getHeaders() failed; nothing was sent.');
    }
    return undefined;
  }
}

/** The element's default request body: see `SecondOpinionIntake.requestBody()`. */
export async function defaultRequestBody(
  settings: BodySettings,
  payload: SecondOpinionPayload,
  files: Parameters<typeof buildRequestBody>[1],
): Promise<SubmitOptions['body'] | undefined> {
  const submission = settings.format === 'fhir' ? await asFhir(settings, payload) : undefined;
  return buildRequestBody(payload, files, submission);
}

/** Loaded only when asked for, so the JSON path does not carry the FHIR mapping. */
async function asFhir(
  settings: BodySettings,
  payload: SecondOpinionPayload,
): Promise<{ contentType: string; data: unknown }> {
  // The texts load with the mapping: a JSON request never carries them.
  const [{ FHIR_JSON }, { toQuestionnaireResponse }, { questionnaireTexts }] = await Promise.all([
    import('../../fhir/canonical.js'),
    import('../../fhir/response.js'),
    import('../../content/questionnaire-texts.js'),
  ]);
  return {
    contentType: FHIR_JSON,
    // In the wording the patient saw: organisation and insurer named as on screen.
    data: toQuestionnaireResponse(payload, {
      texts: questionnaireTexts({
        organization: settings.organization,
        insurer: settings.insurer,
        serviceCountry: payload.serviceCountry,
      }),
    }),
  };
}
