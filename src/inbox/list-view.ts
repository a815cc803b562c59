import { html, nothing } from 'lit';
import { formText } from './form-text.js';
import { formatDateTime, inboxText, statusLabel } from './inbox-text.js';
import { STATUS_ORDER, type RequestPage, type RequestStatus } from './staff-client.js';

/**
 * The inbox's list: a filter form (status, reference) and a table of requests, newest first,
 * each opened by a button named after its reference. Rendered into the inbox's shadow root, so
 * the ids it sets are the ones the inbox moves focus to.
 */

export interface ListFilter {
  status?: RequestStatus;
  reference?: string;
}

export interface ListViewProps {
  filter: ListFilter;
  page: RequestPage | undefined;
  busy: boolean;
  onFilter(filter: ListFilter): void;
  onOpen(reference: string): void;
  onMore(): void;
}

/** The id of a request's open button, where focus returns when the staff member comes back. */
export const openButtonId = (reference: string) => `open-${reference}`;

function readFilter(event: SubmitEvent): ListFilter {
  event.preventDefault();
  const data = new FormData(event.target as HTMLFormElement);
  const status = formText(data, 'status');
  const reference = formText(data, 'reference').trim();
  return {
    ...(STATUS_ORDER.includes(status as RequestStatus) ? { status: status as RequestStatus } : {}),
    ...(reference ? { reference } : {}),
  };
}

export function listView(props: ListViewProps) {
  const text = inboxText();
  const { filter, page } = props;
  return html`<h2 id="view-heading" tabindex="-1">${text.listHeading}</h2>
    <form class="filter" @submit=${(event: SubmitEvent) => props.onFilter(readFilter(event))}>
      <fieldset>
        <legend>${text.filterLegend}</legend>
        <div class="filter-fields">
          <div class="field">
            <label for="filter-status">${text.statusFilter}</label>
            <select id="filter-status" name="status">
              <option value="" ?selected=${!filter.status}>${text.allStatuses}</option>
              ${STATUS_ORDER.map(
                (status) =>
                  html`<option value=${status} ?selected=${filter.status === status}>
                    ${statusLabel(status)}
                  </option>`,
              )}
            </select>
          </div>
          <div class="field">
            <label for="filter-reference">${text.referenceSearch}</label>
            <p class="description" id="filter-reference-hint">${text.referenceHint}</p>
            <input
              id="filter-reference"
              name="reference"
              type="text"
              enterkeyhint="search"
              autocomplete="off"
              spellcheck="false"
              aria-describedby="filter-reference-hint"
              .value=${filter.reference ?? ''}
            />
          </div>
        </div>
        <button type="submit" class="primary" ?disabled=${props.busy}>${text.applyFilter}</button>
      </fieldset>
    </form>
    ${
      page
        ? page.requests.length === 0
          ? html`<p class="empty">${text.noRequests}</p>`
          : html`<div class="table-scroll">
              <table class="requests">
                <caption>
                  ${text.tableCaption}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${text.reference}</th>
                    <th scope="col">${text.received}</th>
                    <th scope="col">${text.status}</th>
                    <th scope="col">${text.files}</th>
                  </tr>
                </thead>
                <tbody>
                  ${page.requests.map(
                    (request) =>
                      html`<tr>
                        <th scope="row">
                          <button
                            type="button"
                            class="link"
                            id=${openButtonId(request.reference)}
                            @click=${() => props.onOpen(request.reference)}
                          >
                            ${request.reference}
                          </button>
                        </th>
                        <td>
                          <time datetime=${request.receivedAt}>
                            ${formatDateTime(request.receivedAt)}
                          </time>
                        </td>
                        <td>
                          <span class="tag status-${request.status}">
                            ${statusLabel(request.status)}
                          </span>
                        </td>
                        <td>${request.fileCount}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        : nothing
    }
    ${
      page?.next
        ? html`<button type="button" ?disabled=${props.busy} @click=${props.onMore}>
            ${text.loadMore}
          </button>`
        : nothing
    }`;
}
