import { html, nothing } from 'lit';
import { intakeText } from '../../content/intake.js';
import { renderEmergencyNotice } from './emergency-notice.js';

/**
 * The first step (learn about second opinions: the FAQ, the partners) and the "Help" disclosure
 * that opens the same FAQ under every later step. Part of the first load.
 */

const faq = () =>
  html`<second-opinion-faq
    heading-level="3"
    exportparts="faq-item, faq-heading, faq-question, faq-answer"
  ></second-opinion-faq>`;

export interface AboutStepOptions {
  readonly partners: string[];
  readonly organization?: string;
  readonly emergencyNumber: string;
}

export function renderAboutStep({ partners, organization, emergencyNumber }: AboutStepOptions) {
  const text = intakeText();
  const named = partners.filter((partner) => typeof partner === 'string' && partner.trim());
  return html`${renderEmergencyNotice(emergencyNumber)}
    <p>${text.aboutIntro}</p>
    ${faq()}
    ${
      named.length
        ? html`<section class="partners" part="partners" aria-labelledby="partners-heading">
            <h3 id="partners-heading">
              ${organization ? text.partnersHeading(organization) : text.partnersHeadingNoOrganization}
            </h3>
            <ul>
              ${named.map((partner) => html`<li>${partner}</li>`)}
            </ul>
          </section>`
        : nothing
    }`;
}

/**
 * The FAQ of the first step, from every later one: a disclosure (GOV.UK details) that opens it
 * in place, so the patient reads it without leaving the step or losing an answer. The FAQ is
 * rendered only once opened.
 */
export function renderHelp(open: boolean, onToggle: (open: boolean) => void) {
  return html`<details
    class="help"
    part="help"
    ?open=${open}
    @toggle=${(event: Event) => onToggle((event.target as HTMLDetailsElement).open)}
  >
    <summary part="help-summary">${intakeText().help}</summary>
    ${open ? faq() : nothing}
  </details>`;
}
