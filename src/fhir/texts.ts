import { acceptedDocumentLanguages, normalizeCountry } from '../schema/languages.js';
import { BCP47, CODE_SYSTEMS, DISPLAY_PREFIX } from './canonical.js';
import type { Coding } from './types.js';

/**
 * The words of the intake's Questionnaire, as plain data: the FHIR mapping takes them as input
 * and never reads a page's locale, so one mapping serves the widget (texts from its `msg()`
 * calls in the current locale: `questionnaireTexts()` of `second-opinion-intake`)
 * and a server (texts generated for every locale: `questionnaireTextsFor()` of
 * `second-opinion-intake/fhir`).
 */
export interface QuestionnaireTexts {
  /** The texts' language (BCP 47): the Questionnaire's `language`. */
  language: string;
  /** The Questionnaire's `title`. */
  title: string;
  /** Each item's `text`, by linkId. */
  items: Readonly<Record<string, string>>;
  /**
   * Each answer option's `display`, by list (the keys of `CODE_SYSTEMS`), then by code. Languages
   * (BCP 47 codes, and `other`) are in `documentLanguage`.
   */
  answers: Readonly<Partial<Record<AnswerList, Readonly<Record<string, string>>>>>;
}

/** A closed list of answers: its code system is `CODE_SYSTEMS[list]`. */
export type AnswerList = keyof typeof CODE_SYSTEMS;

/** What the texts depend on besides the locale. */
export interface TextSettings {
  /** The organisation receiving requests: named in the consent. */
  organization?: string | undefined;
  /** An insurer's preset name, as on the insurer's own site: named in the insurance question. */
  insurer?: string | undefined;
  /** ISO 3166-1 alpha-2 code of the country that provides the second opinion: the language rule names its languages. */
  serviceCountry?: string | undefined;
}

const LIST_OF_SYSTEM = new Map<string, AnswerList>([
  ...Object.entries(CODE_SYSTEMS).map(([list, system]) => [system, list as AnswerList] as const),
  [BCP47, 'documentLanguage'],
]);

/** `coding` (from the Questionnaire's structure) with its display from `texts`, if they name it. */
export function withDisplay(coding: Coding, texts: QuestionnaireTexts): Coding {
  const list = coding.system === undefined ? undefined : LIST_OF_SYSTEM.get(coding.system);
  const display =
    list === undefined || coding.code === undefined
      ? undefined
      : texts.answers[list]?.[coding.code];
  return display === undefined ? coding : { ...coding, display };
}

// --- texts generated for every locale (src/generated/questionnaire-texts.ts) --------------

/** The linkId of the language rule, the one display text that depends on the service country. */
export const LANGUAGE_RULE = `${DISPLAY_PREFIX}documents.language-rule`;

/**
 * Where a setting goes in a generated text: the content's texts were built with these as the
 * organisation's and the insurer's names. Braces, as no translation writes them.
 */
export const SETTING_MARKERS = {
  organization: '{organization}',
  insurer: '{insurer}',
} as const;

/**
 * One locale's texts, generated at `localize:build` time by running the widget's own text
 * builder under that locale (scripts/questionnaire-texts.mjs), so that a server needs no
 * `msg()`: the texts for no settings, and what changes with each setting.
 */
export interface LocaleQuestionnaireTexts {
  /** The texts with no organisation, no insurer and no service country. */
  texts: QuestionnaireTexts;
  /** The item texts that name a setting, with its `SETTING_MARKERS` marker where it goes. */
  withSettings: Readonly<Record<string, string>>;
  /** The language rule, by `languageRuleKey` of the service country. */
  languageRules: Readonly<Record<string, string>>;
}

/**
 * The service countries whose language rules read alike share a key: the languages the rule
 * names, or "" for no service country (a rule that names none).
 */
export function languageRuleKey(serviceCountry: string | null | undefined): string {
  return normalizeCountry(serviceCountry)
    ? acceptedDocumentLanguages(serviceCountry).join(' ')
    : '';
}

/** One locale's generated texts with the settings filled in: what the widget shows with them. */
export function fillTexts(
  generated: LocaleQuestionnaireTexts,
  settings: TextSettings = {},
): QuestionnaireTexts {
  const values = {
    organization: settings.organization?.trim(),
    insurer: settings.insurer?.trim(),
  };
  const items: Record<string, string> = { ...generated.texts.items };
  for (const [linkId, template] of Object.entries(generated.withSettings)) {
    const named = (Object.keys(SETTING_MARKERS) as (keyof typeof SETTING_MARKERS)[]).filter(
      (setting) => template.includes(SETTING_MARKERS[setting]),
    );
    if (!named.every((setting) => values[setting])) continue;
    // A function, so that a `$` in a name is not read as a replacement pattern.
    items[linkId] = named.reduce(
      (text, setting) => text.replaceAll(SETTING_MARKERS[setting], () => values[setting]!),
      template,
    );
  }
  const rule = generated.languageRules[languageRuleKey(settings.serviceCountry)];
  if (rule !== undefined) items[LANGUAGE_RULE] = rule;
  return { ...generated.texts, items };
}
