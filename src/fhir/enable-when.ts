import type {
  Coding,
  QuestionnaireEnableWhen,
  QuestionnaireItem,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
} from './types.js';

/** Answers by linkId. Every linkId occurs once in this Questionnaire (no repeating groups). */
export type AnswersByLinkId = ReadonlyMap<string, readonly QuestionnaireResponseAnswer[]>;

const sameCoding = (a: Coding | undefined, b: Coding | undefined) =>
  a !== undefined && b !== undefined && a.system === b.system && a.code === b.code;

function matches(answer: QuestionnaireResponseAnswer, condition: QuestionnaireEnableWhen): boolean {
  if (condition.answerBoolean !== undefined) return answer.valueBoolean === condition.answerBoolean;
  return sameCoding(answer.valueCoding, condition.answerCoding);
}

/** One condition, with R4's semantics (https://hl7.org/fhir/R4/questionnaire.html#enableWhen). */
function holds(condition: QuestionnaireEnableWhen, answers: AnswersByLinkId): boolean {
  const given = answers.get(condition.question) ?? [];
  switch (condition.operator) {
    case 'exists':
      return given.length > 0 === condition.answerBoolean;
    case '=':
      return given.some((answer) => matches(answer, condition));
    case '!=':
      return !given.some((answer) => matches(answer, condition));
  }
}

/** Whether an item is enabled by its own `enableWhen` (its ancestors' are checked separately). */
export function isEnabled(item: QuestionnaireItem, answers: AnswersByLinkId): boolean {
  const conditions = item.enableWhen ?? [];
  if (conditions.length === 0) return true;
  return item.enableBehavior === 'any'
    ? conditions.some((condition) => holds(condition, answers))
    : conditions.every((condition) => holds(condition, answers));
}

/** The linkIds of every enabled item, ancestors' conditions included. */
export function enabledLinkIds(
  items: readonly QuestionnaireItem[] | undefined,
  answers: AnswersByLinkId,
): Set<string> {
  const enabled = new Set<string>();
  const visit = (list: readonly QuestionnaireItem[] | undefined) => {
    for (const item of list ?? []) {
      if (!isEnabled(item, answers)) continue;
      enabled.add(item.linkId);
      visit(item.item);
    }
  };
  visit(items);
  return enabled;
}

const list = <T>(value: unknown): T[] =>
  Array.isArray(value)
    ? (value as unknown[]).filter(
        (entry): entry is T => typeof entry === 'object' && entry !== null,
      )
    : [];

/**
 * Every answer of a response (or of response items), by linkId. Reads received JSON: anything
 * that is not an array of objects where R4 has one is skipped, never thrown on.
 */
export function answersByLinkId(items: unknown): Map<string, QuestionnaireResponseAnswer[]> {
  const answers = new Map<string, QuestionnaireResponseAnswer[]>();
  const visit = (entries: unknown) => {
    for (const item of list<QuestionnaireResponseItem>(entries)) {
      const given = list<QuestionnaireResponseAnswer>(item.answer);
      if (typeof item.linkId === 'string' && given.length > 0) {
        answers.set(item.linkId, [...(answers.get(item.linkId) ?? []), ...given]);
      }
      visit(item.item);
      for (const answer of given) visit(answer.item);
    }
  };
  visit(items);
  return answers;
}
