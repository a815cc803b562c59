import { sourceLocale } from '../generated/locale-codes.ts';
import { QUESTIONNAIRE_TEXTS } from '../generated/questionnaire-texts.ts';
import { fillTexts, type QuestionnaireTexts, type TextSettings } from './texts.js';

/** The locales the Questionnaire has texts in: every locale of the widget. */
export const QUESTIONNAIRE_TEXT_LOCALES: readonly string[] = Object.keys(QUESTIONNAIRE_TEXTS);

const generatedFor = (tag: string | undefined) =>
  tag !== undefined && Object.hasOwn(QUESTIONNAIRE_TEXTS, tag)
    ? QUESTIONNAIRE_TEXTS[tag]
    : undefined;

/**
 * The Questionnaire's texts in `locale`, as the widget shows them in that locale with these
 * settings, without `msg()` or a page: for a server, which answers each request in the locale
 * its patient wrote in (`payload.locale`). A locale the widget lacks falls back by language
 * (`de-AT` → `de`), then to the source locale (`en`).
 */
export function questionnaireTextsFor(
  locale: string | undefined,
  settings: TextSettings = {},
): QuestionnaireTexts {
  const generated =
    generatedFor(locale) ?? generatedFor(locale?.split('-')[0]) ?? generatedFor(sourceLocale)!;
  return fillTexts(generated, settings);
}
