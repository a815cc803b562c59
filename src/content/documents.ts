import { msg, str } from '@lit/localize';
import { currentLocale } from '../locale.js';
import type { DocumentStatus, DocumentType } from '../schema/constants.js';
import type { AttachedFile } from '../schema/documents.js';
import { acceptedDocumentLanguages, normalizeCountry } from '../schema/languages.js';
import {
  ATTACHMENT_KIND_INFO,
  type AttachmentKind,
  type FileRefusal,
} from '../schema/attachment-kinds.js';
import { formatAlternatives, intlSupports, languageName } from './intl.js';
import { isolate } from './isolate.js';

export { languageName } from './intl.js';

/**
 * Default texts of the document checklist, as functions so each call answers in the current
 * locale. The intake's review uses the same functions to show the patient's answers.
 */

export function documentTypeLabel(type: DocumentType): string {
  switch (type) {
    case 'medical-record-extract':
      return msg('Medical record extract or discharge summary', {
        id: 'documents.medicalRecordExtract',
        desc: 'A document type: the official summary of diagnosis, tests and treatment that a hospital issues, e.g. at discharge.',
      });
    case 'imaging':
      return msg('Imaging: X-ray, CT, MRI or ultrasound', {
        id: 'documents.imaging',
        desc: 'A document type: medical imaging studies.',
      });
    case 'blood-tests':
      return msg('Blood test results', {
        id: 'documents.bloodTests',
        desc: 'A document type: laboratory results of blood tests.',
      });
    case 'medications':
      return msg('List of prescribed medications', {
        id: 'documents.medications',
        desc: 'A document type: the medicines a doctor prescribed, with doses.',
      });
    case 'other':
      return msg('Other medical records', {
        id: 'documents.other',
        desc: 'A document type: any medical record not covered by the other types.',
      });
  }
}

export function documentTypeDescription(type: DocumentType): string {
  switch (type) {
    case 'medical-record-extract':
      return msg(
        'The summary of the diagnosis, tests and treatment that a hospital gives, often when the patient leaves hospital. In Georgia this is form IV-100/a, often called “Form 100”.',
        {
          id: 'documents.medicalRecordExtractDescription',
          desc: "Georgia's form IV-100/a, known to patients as 'Form 100': one form, named once. Georgian: the number with its official title (ფორმა IV-100/ა, „ცნობა ჯანმრთელობის მდგომარეობის შესახებ“). Other locales may add their own country's equivalent (Ukraine: form 027/о; Russia: 027/у).",
        },
      );
    case 'imaging':
      return msg(
        'X-ray, CT, MRI and ultrasound images (for example on a disc), with the written reports on them.',
        { id: 'documents.imagingDescription' },
      );
    case 'blood-tests':
      return msg('Blood test results, with the dates the blood was taken.', {
        id: 'documents.bloodTestsDescription',
      });
    case 'medications':
      return msg('The medicines the patient has been prescribed, with their doses.', {
        id: 'documents.medicationsDescription',
      });
    case 'other':
      return msg(
        'Any other records, for example letters from specialists, results of tissue tests (biopsies), or reports of operations.',
        {
          id: 'documents.otherDescription',
          desc: 'Tissue tests: pathology reports, the laboratory analysis of a tissue sample. Plain words for a reading age of about 12.',
        },
      );
  }
}

export function documentStatusLabel(status: DocumentStatus): string {
  switch (status) {
    case 'attached':
      return msg('I have it', { id: 'documents.statusAttached' });
    case 'will-send-later':
      return msg('I will send it later', { id: 'documents.statusWillSendLater' });
    case 'not-available':
      return msg("I don't have it", { id: 'documents.statusNotAvailable' });
  }
}

/** "English or German": the languages documents may be in, joined as alternatives. */
export function acceptedLanguagesText(serviceCountry: string | null | undefined): string {
  return formatAlternatives(acceptedDocumentLanguages(serviceCountry).map(languageName));
}

/** Why a document needs a translation, naming the languages the specialists accept. */
export function translationNotice(serviceCountry: string | null | undefined): string {
  const languages = acceptedLanguagesText(serviceCountry);
  if (acceptedDocumentLanguages(serviceCountry).length === 1) {
    return msg(
      str`The specialists need documents in ${languages}, so this document needs a translation into ${languages} before it is sent.`,
      { id: 'documents.translationNoticeOne' },
    );
  }
  return msg(
    str`The specialists need documents in ${languages}, so this document needs a translation into one of these languages before it is sent.`,
    {
      id: 'documents.translationNoticeMany',
      desc: 'The placeholder is a list of languages joined with "or", e.g. "English or German".',
    },
  );
}

/** The short heading of the translation notice. */
export function translationNeededLabel(): string {
  return msg('Translation needed.', { id: 'documents.translationNeeded' });
}

/** The first paragraph above the checklist: bring every record. */
export function documentsIntro(): string {
  return msg(
    'Please gather all the medical records you have: the specialists base their opinion on them. For each kind of document below, tell us whether you have it.',
    { id: 'documents.intro' },
  );
}

/** The language rule, naming the service country and its languages when known. */
export function documentsLanguageRule(serviceCountry: string | null | undefined): string {
  const country = normalizeCountry(serviceCountry);
  if (!country) {
    return msg(
      'Documents must be in English or in the language of the country that provides the second opinion.',
      { id: 'documents.languageRule' },
    );
  }
  return msg(
    str`Documents must be in one of these languages: ${acceptedLanguagesText(country)} (English or a language of the country that provides the second opinion).`,
    {
      id: 'documents.languageRuleLanguages',
      desc: 'The placeholder is a list of languages joined with "or", e.g. "English or German".',
    },
  );
}

// --- attached files ---------------------------------------------------------------------

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A unit's short form, for a browser without number data for the locale. */
function sizeInUnit(unit: (typeof SIZE_UNITS)[number], amount: string): string {
  switch (unit) {
    case 'byte':
      return msg(str`${amount} B`, {
        id: 'documents.files.sizeBytes',
        desc: 'A file size in bytes.',
      });
    case 'kilobyte':
      return msg(str`${amount} kB`, {
        id: 'documents.files.sizeKilobytes',
        desc: 'A file size in kilobytes (units of 1024 bytes).',
      });
    case 'megabyte':
      return msg(str`${amount} MB`, {
        id: 'documents.files.sizeMegabytes',
        desc: 'A file size in megabytes.',
      });
    case 'gigabyte':
      return msg(str`${amount} GB`, {
        id: 'documents.files.sizeGigabytes',
        desc: 'A file size in gigabytes.',
      });
  }
}

/**
 * A file size for reading, in the current locale: "512 byte", "1.2 kB", "25 MB". Units of 1024
 * bytes, as most file managers count, so the sizes match what the patient sees on their device.
 */
export function formatFileSize(bytes: number): string {
  let unit = 0;
  let amount = Math.max(0, bytes);
  while (amount >= 1024 && unit < SIZE_UNITS.length - 1) {
    amount /= 1024;
    unit += 1;
  }
  const fractionDigits = unit > 0 && amount < 10 ? 1 : 0;
  const locale = currentLocale();
  if (intlSupports(Intl.NumberFormat, locale)) {
    return new Intl.NumberFormat([locale], {
      style: 'unit',
      unit: SIZE_UNITS[unit],
      unitDisplay: 'short',
      maximumFractionDigits: fractionDigits,
    }).format(amount);
  }
  const rounded = Number(amount.toFixed(fractionDigits));
  const separator = msg('.', {
    id: 'documents.files.decimalSeparator',
    desc: 'The decimal separator of numbers, e.g. "," in German: 2,5 MB.',
  });
  return sizeInUnit(SIZE_UNITS[unit], String(rounded).replace('.', separator));
}

/** "PDF, JPEG or ZIP": the accepted kinds as alternatives. */
export function acceptedKindsText(kinds: readonly AttachmentKind[]): string {
  return formatAlternatives(kinds.map((kind) => ATTACHMENT_KIND_INFO[kind].label));
}

export function addFilesLabel(): string {
  return msg('Add files', {
    id: 'documents.files.add',
    desc: 'The button that opens the file picker to attach files to one document type.',
  });
}

/** What may be attached, below the "Add files" button. */
export function filesHint(
  kinds: readonly AttachmentKind[],
  limits: { maxFileSize: number; maxTotalSize: number; maxFiles: number },
): string {
  const types = acceptedKindsText(kinds);
  const fileLimit = formatFileSize(limits.maxFileSize);
  const totalLimit = formatFileSize(limits.maxTotalSize);
  const maxFiles = limits.maxFiles;
  return msg(
    str`Accepted: ${types}. Up to ${fileLimit} per file and ${totalLimit} in all; number of files: at most ${maxFiles}. You can also drop files onto this section.`,
    {
      id: 'documents.files.hint',
      desc: 'Placeholders: the file types (e.g. "PDF, JPEG or ZIP"), the size limit per file, the size limit of all files together (e.g. "25 MB", "100 MB"), the largest number of files. "This section" is the part of the form for one document type.',
    },
  );
}

/** Where imaging is attached: metadata can identify the patient; say what to do about it. */
export function imagingMetadataNote(): string {
  return msg(
    'Scan files (X-ray, CT, MRI) and photos can contain hidden details, such as the patient’s name and date of birth, or when and where a photo was taken. These details are sent with the file. If you do not want that, do not add the file here: choose “I will send it later”, and our team will tell you how to send it.',
    {
      id: 'documents.files.metadataNote',
      desc: 'Hidden details: the metadata stored inside an image file (DICOM scans, photos). “I will send it later” quotes the answer option documents.statusWillSendLater: use the same words.',
    },
  );
}

export function filesReadingText(): string {
  return msg('Checking the files…', { id: 'documents.files.reading' });
}

/** The accessible name of one row's list of files. */
export function filesListLabel(documentLabel: string): string {
  return msg(str`Files attached to “${documentLabel}”`, { id: 'documents.files.listLabel' });
}

export function removeFileLabel(): string {
  return msg('Remove', { id: 'documents.files.remove', desc: 'Removes one attached file.' });
}

/** The accessible name of a file's Remove button: it names the file. */
export function removeFileName(fileName: string): string {
  const name = isolate(fileName);
  return msg(str`Remove ${name}`, {
    id: 'documents.files.removeNamed',
    desc: 'The placeholder is a file name. Start with the same word as the visible button text "Remove".',
  });
}

export function filesAddedAnnouncement(
  documentLabel: string,
  fileNames: readonly string[],
): string {
  const names = fileNames.map(isolate).join(', ');
  return msg(str`Added to “${documentLabel}”: ${names}.`, { id: 'documents.files.added' });
}

export function fileRemovedAnnouncement(documentLabel: string, fileName: string): string {
  const name = isolate(fileName);
  return msg(str`Removed “${name}” from “${documentLabel}”.`, {
    id: 'documents.files.removed',
  });
}

/** Why a file was not added, naming the file and the limit it broke. */
export function fileRefusalMessage(refusal: FileRefusal, kinds: readonly AttachmentKind[]): string {
  const name = isolate(refusal.name);
  const limit = formatFileSize(refusal.limit ?? 0);
  switch (refusal.reason) {
    case 'empty':
      return msg(str`“${name}” was not added: the file is empty.`, {
        id: 'documents.files.refusedEmpty',
      });
    case 'type': {
      const types = acceptedKindsText(kinds);
      return msg(
        str`“${name}” was not added: its content is not one of the accepted file types (${types}).`,
        {
          id: 'documents.files.refusedType',
          desc: 'The file type is checked by the content of the file, not by its name.',
        },
      );
    }
    case 'file-size': {
      const size = formatFileSize(refusal.size);
      return msg(
        str`“${name}” was not added: it is ${size}, more than the limit of ${limit} per file.`,
        {
          id: 'documents.files.refusedFileSize',
        },
      );
    }
    case 'count': {
      const count = refusal.limit ?? 0;
      return msg(
        str`“${name}” was not added: the maximum number of files (${count}) has been reached.`,
        {
          id: 'documents.files.refusedCount',
        },
      );
    }
    case 'total-size':
      return msg(str`“${name}” was not added: all files together may be at most ${limit}.`, {
        id: 'documents.files.refusedTotalSize',
      });
    case 'duplicate':
      return msg(str`“${name}” was not added: it is already attached here.`, {
        id: 'documents.files.refusedDuplicate',
      });
    case 'unreadable':
      return msg(str`“${name}” could not be read. Please try adding it again.`, {
        id: 'documents.files.refusedUnreadable',
      });
  }
}

/** A file the server could not accept (its size or checksum did not match). */
export function fileProblemMessage(fileName: string | undefined, documentLabel: string): string {
  if (fileName) {
    const name = isolate(fileName);
    return msg(str`“${name}” did not arrive intact. Remove it and add it again.`, {
      id: 'documents.files.problemNamed',
    });
  }
  return msg(
    str`The files for “${documentLabel}” could not be accepted. Remove them and add them again.`,
    { id: 'documents.files.problem' },
  );
}

/** The files of a document, as the review lists them. */
export function attachedFilesText(files: readonly AttachedFile[]): string {
  const names = files.map((file) => isolate(file.name)).join(', ');
  return msg(str`Files: ${names}`, { id: 'documents.files.reviewList' });
}
