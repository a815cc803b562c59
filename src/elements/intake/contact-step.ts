import { html, nothing, type TemplateResult } from 'lit';
import {
  contactChannelChoice,
  dateText,
  intakeFormText,
  relationshipLabel,
  requesterRoleLabel,
} from '../../content/intake-form.js';
import { issueMessage } from '../../content/issue-messages.js';
import {
  CONTACT_CHANNELS,
  PROXY_RELATIONSHIPS,
  REQUESTER_ROLES,
  type ContactChannel,
  type ProxyRelationship,
  type RequesterRole,
} from '../../schema/constants.js';
import { datePartsAt } from '../../schema/date-issues.js';
import type { IntakeDraft } from '../../submit/payload.js';
import { choiceGroup, selectField, textField } from '../shared/fields.js';
import { memorableDateField } from './memorable-date.js';
import { fieldId, ownFieldLabel, type AnswersSource, type OwnFieldChecks } from './own-fields.js';

/** The contact step: who asks, and the patient's details. Loaded with the flow. */
export interface ContactStepOptions {
  /** Read again on each edit: several edits (autofill) may come before the next render. */
  drafts: AnswersSource;
  /** Whether the server confirms by email (`confirmation-email`): only then is it promised. */
  confirmationEmail: boolean;
  checks: OwnFieldChecks;
  /** An edit of the answers at `path` (its server error goes). */
  update(change: Partial<IntakeDraft>, path: string): void;
}

export function renderContactStep(options: ContactStepOptions): TemplateResult {
  const { drafts, checks } = options;
  const text = intakeFormText();
  const { requester, patient } = drafts.answers;
  const proxy = requester.role === 'proxy';
  const setRequester = (change: Partial<IntakeDraft['requester']>, path: string) =>
    options.update({ requester: { ...drafts.answers.requester, ...change } }, path);
  const setPatient = (change: Partial<IntakeDraft['patient']>, path: string) =>
    options.update({ patient: { ...drafts.answers.patient, ...change } }, path);
  // Autofill fills the person at the keyboard: the patient's own details only when they are
  // the patient; a proxy's own name gets `name`.
  const self = (token: string) => (proxy ? 'off' : token);
  const nameLabel = ownFieldLabel('patient.name', proxy);
  return html`${choiceGroup({
      id: fieldId('requester.role'),
      type: 'radio',
      label: text.requesterLegend,
      required: true,
      choices: REQUESTER_ROLES.map((role) => ({ value: role, label: requesterRoleLabel(role) })),
      selected: requester.role ? [requester.role] : [],
      error: checks.error('requester.role', text.requesterLegend, 'choice'),
      onToggle: (role) => setRequester({ role: role as RequesterRole }, 'requester.role'),
    })}
    ${
      proxy
        ? html`<div class="nested">
            ${selectField({
              id: fieldId('requester.relationship'),
              label: text.relationship,
              required: true,
              value: requester.relationship ?? '',
              placeholder: text.relationshipPlaceholder,
              choices: PROXY_RELATIONSHIPS.map((value) => ({
                value,
                label: relationshipLabel(value),
              })),
              error: checks.error('requester.relationship', text.relationship, 'choice'),
              onSelect: (value) =>
                setRequester(
                  { relationship: (value || undefined) as ProxyRelationship | undefined },
                  'requester.relationship',
                ),
            })}
            ${textField({
              id: fieldId('requester.name'),
              label: text.proxyName,
              required: true,
              value: requester.name ?? '',
              autocomplete: 'name',
              error: checks.error('requester.name', text.proxyName),
              onInput: (name) => setRequester({ name }, 'requester.name'),
            })}
          </div>`
        : nothing
    }
    <h3>${text.patientHeading}</h3>
    ${textField({
      id: fieldId('patient.name'),
      label: nameLabel,
      required: true,
      value: patient.name,
      autocomplete: self('name'),
      error: checks.error('patient.name', nameLabel),
      onInput: (name) => setPatient({ name }, 'patient.name'),
    })}
    ${renderDateOfBirth(options, proxy)}
    ${textField({
      id: fieldId('patient.email'),
      label: text.email,
      description: options.confirmationEmail
        ? text.emailDescription
        : text.emailDescriptionNoConfirmation,
      type: 'email',
      required: true,
      value: patient.email,
      autocomplete: 'email',
      error: checks.error('patient.email', text.email),
      onInput: (email) => setPatient({ email }, 'patient.email'),
    })}
    ${textField({
      id: fieldId('patient.phone'),
      label: text.phone,
      description: text.phoneDescription,
      type: 'tel',
      required: patient.preferredContact === 'phone',
      value: patient.phone,
      autocomplete: 'tel',
      error: checks.error('patient.phone', text.phone),
      onInput: (phone) => setPatient({ phone }, 'patient.phone'),
    })}
    ${choiceGroup({
      id: fieldId('patient.preferredContact'),
      type: 'radio',
      label: text.preferredContact,
      choices: CONTACT_CHANNELS.map((channel) => ({
        value: channel,
        label: contactChannelChoice(channel),
      })),
      selected: patient.preferredContact ? [patient.preferredContact] : [],
      error: checks.error('patient.preferredContact', text.preferredContact, 'choice'),
      onToggle: (channel) =>
        setPatient({ preferredContact: channel as ContactChannel }, 'patient.preferredContact'),
    })}`;
}

function renderDateOfBirth(options: ContactStepOptions, proxy: boolean): TemplateResult {
  const path = 'patient.dateOfBirth';
  const label = ownFieldLabel(path, proxy);
  const code = options.checks.errorCode(path);
  const date = dateText();
  const { drafts } = options;
  const patient = () => drafts.answers.patient;
  return memorableDateField({
    id: fieldId(path),
    legend: label,
    hint: date.hint,
    partLabels: { day: date.day, month: date.month, year: date.year },
    value: patient().dateOfBirth,
    error: code ? issueMessage(code, label) : undefined,
    invalidParts: code ? datePartsAt(code) : undefined,
    autofill: !proxy,
    onInput: (part, value) =>
      options.update(
        { patient: { ...patient(), dateOfBirth: { ...patient().dateOfBirth, [part]: value } } },
        path,
      ),
  });
}
