import { html, nothing, type TemplateResult } from 'lit';
import { documentStatusLabel, documentTypeLabel, formatFileSize } from '../content/documents.js';
import { coverageLabel, insuranceText } from '../content/insurance.js';
import { contactChannelChoice, intakeFormText, relationshipLabel } from '../content/intake-form.js';
import { formatDate, intlSupports, languageName } from '../content/intl.js';
import { reasonLabel } from '../content/reasons.js';
import { currentLocale } from '../locale.js';
import type { DocumentType } from '../schema/constants.js';
import { needsTranslation } from '../schema/languages.js';
import { downloadFile, inboxText } from './inbox-text.js';
import type { StoredFileInfo, StoredRequest } from './staff-client.js';

/**
 * A request's answers laid out for a clinician: the questions as the patient saw them (the
 * widget's own labels, src/content) with the patient's answers, in the staff member's language.
 * Everything the patient wrote is rendered as text, never as markup.
 */

export interface AnswersActions {
  /** Downloads one stored file. */
  download(file: StoredFileInfo): void;
}

function answer(label: string, value: string | TemplateResult | undefined | false) {
  return html`<div class="answer">
    <dt>${label}</dt>
    <dd>${value || intakeFormText().notAnswered}</dd>
  </div>`;
}

function section(id: string, title: string, content: TemplateResult) {
  return html`<section class="answers-section" aria-labelledby="answers-${id}">
    <h3 id="answers-${id}">${title}</h3>
    ${content}
  </section>`;
}

/** A country's name in the current locale; its code where the browser cannot name it there. */
function countryName(code: string): string {
  const locale = currentLocale();
  if (!intlSupports(Intl.DisplayNames, locale)) return code;
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function fileItem(file: StoredFileInfo, actions: AnswersActions) {
  return html`<li class="file">
    <span class="file-name">${file.name}</span>
    <span class="file-size">(${formatFileSize(file.size)})</span>
    <button
      type="button"
      class="small"
      aria-label=${downloadFile(file.name)}
      @click=${() => actions.download(file)}
    >
      ${inboxText().download}
    </button>
  </li>`;
}

function documentsTable(request: StoredRequest, actions: AnswersActions) {
  const text = inboxText();
  const filesOf = (type: DocumentType) =>
    request.files.filter((file) => file.type === type).sort((a, b) => a.index - b.index);
  const { serviceCountry } = request.payload;
  return html`<div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th scope="col">${text.documentColumn}</th>
          <th scope="col">${text.answerColumn}</th>
          <th scope="col">${text.languageColumn}</th>
          <th scope="col">${text.translationColumn}</th>
          <th scope="col">${text.files}</th>
        </tr>
      </thead>
      <tbody>
        ${request.payload.documents.map((entry) => {
          const files = filesOf(entry.type);
          const relevant = entry.status !== 'not-available' && entry.language;
          const translate = relevant && needsTranslation(entry.language, serviceCountry);
          return html`<tr>
            <th scope="row">${documentTypeLabel(entry.type)}</th>
            <td>${documentStatusLabel(entry.status)}</td>
            <td>${entry.language ? languageName(entry.language) : '—'}</td>
            <td>
              ${
                !relevant
                  ? '—'
                  : translate
                    ? html`<strong class="tag warning">${text.translationNeeded}</strong>`
                    : text.translationNotNeeded
              }
            </td>
            <td>
              ${
                files.length
                  ? html`<ul class="files">
                      ${files.map((file) => fileItem(file, actions))}
                    </ul>`
                  : text.noFiles
              }
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

export function requestAnswers(request: StoredRequest, actions: AnswersActions) {
  const text = inboxText();
  const form = intakeFormText();
  const { payload } = request;
  const { reasons, insurance, requester, patient } = payload;
  const insuranceLabels = insuranceText();
  return html`${section(
    'reasons',
    form.reviewReasons,
    html`<dl>
      ${answer(
        form.reasonsLabel,
        html`<ul class="plain">
          ${reasons.selected.map((id) => html`<li>${reasonLabel(id)}</li>`)}
        </ul>`,
      )}
      ${reasons.selected.includes('other') ? answer(text.otherReason, reasons.other) : nothing}
      ${answer(form.motiveLabel, html`<span class="long-text">${payload.motive}</span>`)}
      ${answer(form.diagnosisLabel, payload.diagnosis)}
    </dl>`,
  )}
  ${section('documents', form.reviewDocuments, documentsTable(request, actions))}
  ${section(
    'insurance',
    form.reviewInsurance,
    html`<dl>
      ${answer(insuranceLabels.question, insurance.hasPrivateInsurance ? form.yes : form.no)}
      ${
        insurance.hasPrivateInsurance
          ? html`${answer(text.insurer, insurance.insurer)}
            ${answer(insuranceLabels.policyNumberLabel, insurance.policyNumber)}
            ${answer(
              insuranceLabels.coverageQuestion,
              insurance.coverageConfirmed && coverageLabel(insurance.coverageConfirmed),
            )}`
          : nothing
      }
    </dl>`,
  )}
  ${section(
    'contact',
    form.reviewContact,
    html`<dl>
      ${answer(
        text.filledBy,
        requester.role === 'proxy' ? text.filledByProxy : text.filledByPatient,
      )}
      ${
        requester.role === 'proxy'
          ? html`${answer(text.proxyName, requester.name)}
            ${answer(
              text.relationship,
              requester.relationship && relationshipLabel(requester.relationship),
            )}`
          : nothing
      }
      ${answer(text.patientName, patient.name)}
      ${answer(text.dateOfBirth, formatDate(patient.dateOfBirth))}
      ${answer(form.email, patient.email)} ${answer(form.phone, patient.phone)}
      ${answer(
        text.preferredContact,
        patient.preferredContact && contactChannelChoice(patient.preferredContact),
      )}
      ${answer(text.formLanguage, languageName(payload.locale.split('-')[0]))}
      ${answer(text.serviceCountry, payload.serviceCountry && countryName(payload.serviceCountry))}
      ${answer(text.consent, payload.consent.healthDataProcessing ? form.yes : form.no)}
    </dl>`,
  )}`;
}
