/**
 * The FAQ's rule: documents must be in English or in the language of the country that provides
 * the service. This table gives the official languages (ISO 639-1) of likely service countries
 * (ISO 3166-1 alpha-2). A country not listed accepts English only, which is the safe reading of
 * the rule: the widget then asks for a translation rather than promising none is needed.
 */
const OFFICIAL_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  AE: ['ar'],
  AM: ['hy'],
  AT: ['de'],
  AU: ['en'],
  AZ: ['az'],
  BE: ['nl', 'fr', 'de'],
  BG: ['bg'],
  BY: ['be', 'ru'],
  CA: ['en', 'fr'],
  CH: ['de', 'fr', 'it', 'rm'],
  CN: ['zh'],
  CY: ['el', 'tr'],
  CZ: ['cs'],
  DE: ['de'],
  DK: ['da'],
  EE: ['et'],
  EG: ['ar'],
  ES: ['es'],
  FI: ['fi', 'sv'],
  FR: ['fr'],
  GB: ['en'],
  GE: ['ka'],
  GR: ['el'],
  HR: ['hr'],
  HU: ['hu'],
  IE: ['en', 'ga'],
  IL: ['he', 'ar'],
  IN: ['hi', 'en'],
  IT: ['it'],
  JO: ['ar'],
  JP: ['ja'],
  KR: ['ko'],
  KZ: ['kk', 'ru'],
  LB: ['ar'],
  LT: ['lt'],
  LU: ['lb', 'fr', 'de'],
  LV: ['lv'],
  MD: ['ro'],
  NL: ['nl'],
  NO: ['no', 'nb', 'nn'],
  NZ: ['en', 'mi'],
  PL: ['pl'],
  PT: ['pt'],
  RO: ['ro'],
  RS: ['sr'],
  RU: ['ru'],
  SA: ['ar'],
  SE: ['sv'],
  SG: ['en', 'ms', 'zh', 'ta'],
  SI: ['sl'],
  SK: ['sk'],
  TH: ['th'],
  TR: ['tr'],
  UA: ['uk'],
  US: ['en'],
  UZ: ['uz'],
};

/** Languages a patient's documents are likely to be written in, offered before "other". */
const COMMON_DOCUMENT_LANGUAGES = [
  'ka',
  'ru',
  'uk',
  'de',
  'fr',
  'es',
  'it',
  'tr',
  'ar',
  'he',
  'hy',
  'az',
  'pl',
  'ro',
  'pt',
  'nl',
  'el',
  'zh',
  'ja',
  'ko',
];

/** Every language the widget can name: official languages of the table and the common ones. */
export function knownDocumentLanguages(): string[] {
  return [
    ...new Set(['en', ...Object.values(OFFICIAL_LANGUAGES).flat(), ...COMMON_DOCUMENT_LANGUAGES]),
  ].sort();
}

/** A language the widget cannot name: always needs a translation. */
export const OTHER_LANGUAGE = 'other';

export function normalizeCountry(country: string | null | undefined): string {
  return (country ?? '').trim().toUpperCase();
}

/** The languages documents may be in for a service country: English first, then its own. */
export function acceptedDocumentLanguages(serviceCountry: string | null | undefined): string[] {
  const official = OFFICIAL_LANGUAGES[normalizeCountry(serviceCountry)] ?? [];
  return [...new Set(['en', ...official])];
}

export function needsTranslation(
  language: string | undefined,
  serviceCountry: string | null | undefined,
): boolean {
  if (!language) return false;
  return !acceptedDocumentLanguages(serviceCountry).includes(language);
}

/** Choices for a document's language: accepted ones first, then common ones, then "other". */
export function documentLanguageChoices(serviceCountry: string | null | undefined): string[] {
  return [
    ...new Set([
      ...acceptedDocumentLanguages(serviceCountry),
      ...COMMON_DOCUMENT_LANGUAGES,
      OTHER_LANGUAGE,
    ]),
  ];
}
