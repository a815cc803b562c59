import { html, nothing, type TemplateResult } from 'lit';
import { documentStatusLabel, documentTypeLabel, languageName } from '../../content/documents.js';
import { coverageLabel, insuranceText } from '../../content/insurance.js';
import { intakeText } from '../../content/intake.js';
import {
  contactChannelChoice,
  intakeFormText,
  relationshipLabel,
  requesterRoleLabel,
} from '../../content/intake-form.js';
import { formatDate } from '../../content/intl.js';
import { reasonLabel } from '../../content/reasons.js';
import type { IntakeStep } from '../../events.js';
import { isoFromParts } from '../../schema/date-parts.js';
import type { IntakeDraft } from '../../submit/payload.js';
import { choiceGroup } from '../shared/fields.js';
import { fieldId, ownFieldLabel, type OwnFieldChecks } from './own-fields.js';

/** The review step: every answer with its "Change", and the consent. Loaded with the flow. */
export interface ReviewStepOptions {
  answers: IntakeDraft;
  readonly insurer?: string;
  readonly organization?: string;
  readonly privacyUrl?: string;
  checks: OwnFieldChecks;
  /** "Change": opens the step, whose Continue returns here. */
  change(step: IntakeStep): void;
  setConsent(checked: boolean): void;
}

/** Only http(s) links are rendered, so a misconfigured `javascript:` URL cannot run. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = new URL(url, document.baseURI);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:'
      ? resolved.href
      : undefined;
  } catch {
    return undefined;
  }
}

function renderAnswer(label: string, value: string | TemplateResult | undefined) {
  return html`<div class="answer">
    <dt>${label}</dt>
    <dd>${value || intakeFormText().notAnswered}</dd>
  </div>`;
}

function renderSection(
  options: ReviewStepOptions,
  step: IntakeStep,
  title: string,
  answers: TemplateResult[],
) {
  return html`<section class="review-section" aria-labelledby="review-${step}">
    <div class="review-heading">
      <h3 id="review-${step}">${title}</h3>
      <!-- GOV.UK summary list: "Change" and, visually hidden, what it changes, so each of
      these buttons has a name of its own. -->
      <button type="button" class="link" id="change-${step}" @click=${() => options.change(step)}>
        ${intakeText().change}<span class="visually-hidden"> ${title}</span>
      </button>
    </div>
    <dl>${answers}</dl>
  </section>`;
}

function documentAnswers(documents: IntakeDraft['documents']): TemplateResult[] {
  const text = intakeFormText();
  return documents.map((entry) =>
    renderAnswer(
      documentTypeLabel(entry.type),
      entry.status
        ? [
            documentStatusLabel(entry.status),
            entry.language ? languageName(entry.language) : '',
            entry.translationNeeded ? text.translationNeeded : '',
          ]
            .filter(Boolean)
            .join(', ')
        : undefined,
    ),
  );
}

function insuranceAnswers(insurance: IntakeDraft['insurance'], insurer?: string) {
  const text = intakeFormText();
  const labels = insuranceText(insurer);
  const insured = insurance.hasPrivateInsurance;
  return [
    renderAnswer(labels.question, insured === undefined ? undefined : insured ? text.yes : text.no),
    ...(insured
      ? [
          renderAnswer(labels.insurerLabel, insurance.insurer),
          renderAnswer(labels.policyNumberLabel, insurance.policyNumber),
          renderAnswer(
            labels.coverageQuestion,
            insurance.coverageConfirmed ? coverageLabel(insurance.coverageConfirmed) : undefined,
          ),
        ]
      : []),
  ];
}

function contactAnswers({ requester, patient }: IntakeDraft): TemplateResult[] {
  const text = intakeFormText();
  const proxy = requester.role === 'proxy';
  const dateOfBirth = isoFromParts(patient.dateOfBirth);
  return [
    renderAnswer(
      text.requesterLabel,
      proxy
        ? [requester.name, requester.relationship ? relationshipLabel(requester.relationship) : '']
            .filter(Boolean)
            .join(', ')
        : requester.role
          ? requesterRoleLabel(requester.role)
          : undefined,
    ),
    renderAnswer(ownFieldLabel('patient.name', proxy), patient.name),
    renderAnswer(
      ownFieldLabel('patient.dateOfBirth', proxy),
      dateOfBirth ? formatDate(dateOfBirth) : undefined,
    ),
    renderAnswer(text.email, patient.email),
    renderAnswer(text.phone, patient.phone),
    renderAnswer(
      text.preferredContact,
      patient.preferredContact ? contactChannelChoice(patient.preferredContact) : undefined,
    ),
  ];
}

export function renderReviewStep(options: ReviewStepOptions): TemplateResult {
  const text = intakeFormText();
  const { answers } = options;
  const { eligibility } = answers;
  const reasons = eligibility.selected
    .map((id) =>
      id === 'other' && eligibility.other
        ? `${reasonLabel(id)}: ${eligibility.other}`
        : reasonLabel(id),
    )
    .join('; ');
  const organization = options.organization?.trim();
  const privacyHref = safeHref(options.privacyUrl);
  return html`${renderSection(options, 'reasons', text.reviewReasons, [
      renderAnswer(text.reasonsLabel, reasons),
      renderAnswer(text.motiveLabel, eligibility.motive),
      renderAnswer(text.diagnosisLabel, eligibility.diagnosis),
    ])}
    ${renderSection(options, 'documents', text.reviewDocuments, documentAnswers(answers.documents))}
    ${renderSection(
      options,
      'insurance',
      text.reviewInsurance,
      insuranceAnswers(answers.insurance, options.insurer),
    )}
    ${renderSection(options, 'contact', text.reviewContact, contactAnswers(answers))}
    <section class="consent" aria-labelledby="consent-heading">
      <h3 id="consent-heading">${text.consentLegend}</h3>
      <p class="reassurance">${text.reassurance}</p>
      ${choiceGroup({
        id: fieldId('consent.healthDataProcessing'),
        type: 'checkbox',
        label: text.consentLegend,
        required: true,
        description: text.consentDescription,
        choices: [
          {
            value: 'yes',
            label: organization ? text.consent(organization) : text.consentNoOrganization,
          },
        ],
        selected: answers.consent ? ['yes'] : [],
        error: options.checks.error('consent.healthDataProcessing', text.consentLegend),
        onToggle: (_value, checked) => options.setConsent(checked),
      })}
      ${
        privacyHref
          ? html`<p>
              <a href=${privacyHref} target="_blank" rel="noopener noreferrer"
                >${text.privacyLink}</a
              >
            </p>`
          : nothing
      }
    </section>`;
}
