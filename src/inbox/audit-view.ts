import { html } from 'lit';
import { auditActionLabel, auditHeading, formatDateTime, inboxText } from './inbox-text.js';
import type { AuditEntry } from './staff-client.js';

/**
 * A request's audit trail: who opened, downloaded, changed, exported or deleted it, and when,
 * oldest first. Entries carry no field value, so this view shows nothing from the answers.
 */

export interface AuditViewProps {
  reference: string;
  /** Undefined while loading. */
  entries: AuditEntry[] | undefined;
  onBack(): void;
}

export function auditView(props: AuditViewProps) {
  const text = inboxText();
  const { entries } = props;
  return html`<button type="button" class="link back" id="back" @click=${props.onBack}>
      ${text.backToRequest}
    </button>
    <h2 id="view-heading" tabindex="-1">${auditHeading(props.reference)}</h2>
    ${
      entries === undefined
        ? html`<p>${text.loading}</p>`
        : entries.length === 0
          ? html`<p class="empty">${text.noAudit}</p>`
          : html`<div class="table-scroll">
              <table class="audit">
                <caption>
                  ${text.auditCaption}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${text.when}</th>
                    <th scope="col">${text.who}</th>
                    <th scope="col">${text.what}</th>
                    <th scope="col">${text.details}</th>
                  </tr>
                </thead>
                <tbody>
                  ${entries.map(
                    (entry) =>
                      html`<tr>
                        <td><time datetime=${entry.at}>${formatDateTime(entry.at)}</time></td>
                        <td>${entry.actor}</td>
                        <td>${auditActionLabel(entry.action)}</td>
                        <td>${entry.detail ?? ''}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }`;
}
