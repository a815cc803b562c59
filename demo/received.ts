/**
 * Lists what the demo endpoint stored. Everything from the server is set as text, never as
 * HTML: a submission is the patient's own input.
 */
import type { StoredSubmission } from './server/storage.ts';

const SUBMISSIONS_URL = '/api/second-opinion/submissions';

const list = document.querySelector<HTMLOListElement>('#submissions')!;
const statusLine = document.querySelector<HTMLElement>('#status')!;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderSubmission(submission: StoredSubmission): HTMLLIElement {
  const item = element('li');
  const details = element('dl');
  const receivedAt = element('time', new Date(submission.receivedAt).toLocaleString());
  receivedAt.dateTime = submission.receivedAt;
  const receivedAtValue = element('dd');
  receivedAtValue.append(receivedAt);
  details.append(
    element('dt', 'Reference'),
    element('dd', submission.reference),
    element('dt', 'Received'),
    receivedAtValue,
  );
  if (submission.files?.length) {
    // As stored: the size and SHA-256 are read again from the bytes on disk.
    const files = element('ul');
    files.append(
      ...submission.files.map((file) =>
        element(
          'li',
          `${file.type} ${file.index}: ${file.name} (${file.contentType}, ${file.size} bytes, SHA-256 ${file.sha256})`,
        ),
      ),
    );
    const filesValue = element('dd');
    filesValue.append(files);
    details.append(element('dt', 'Files'), filesValue);
  }
  item.append(details, element('pre', JSON.stringify(submission.payload, null, 2)));
  return item;
}

async function load(): Promise<void> {
  statusLine.textContent = 'Loading…';
  try {
    const response = await fetch(SUBMISSIONS_URL, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const submissions = (await response.json()) as StoredSubmission[];
    list.replaceChildren(...submissions.map(renderSubmission));
    statusLine.textContent =
      submissions.length === 0
        ? 'No requests received yet. Send one from the insurer page.'
        : `${submissions.length} request${submissions.length === 1 ? '' : 's'} received.`;
  } catch (error) {
    list.replaceChildren();
    statusLine.textContent = `Could not load the requests (${(error as Error).message}). Is the dev server running with the demo endpoint?`;
  }
}

document.querySelector('#reload')!.addEventListener('click', () => void load());
void load();
