export { checkLanguage, hasVictimBlamingLanguage, type LanguageFinding } from './check.ts';
export { LANGUAGE_RULES, isNegated, type LanguageRule, type Severity } from './rules.ts';
