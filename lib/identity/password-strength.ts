// How guessable a password is, estimated by zxcvbn-ts (dictionaries of common passwords, names,
// English words, keyboard patterns, dates, sequences, l33t substitutions), not by its length.
// The server refuses a password under MIN_PASSWORD_SCORE wherever one is set (sign-up, the
// admin CLI, changing or resetting a password); the forms load this same module (a separate
// chunk: the dictionaries weigh a few megabytes) to say why a password is weak as it is typed.
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's scale: 0 too guessable, 1 very guessable (< 10^6 guesses), 2 somewhat (< 10^8),
 * 3 safely unguessable (< 10^10), 4 very unguessable. 3 holds against online guessing and
 * slows an offline attack on a leaked bcrypt hash to years.
 */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordStrength = {
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Why the password is weak, when zxcvbn can say (e.g. "This is a top-100 common password."). */
  warning: string | null;
  /** What would make it stronger. */
  suggestions: string[];
};

let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  // Building the dictionaries costs ~100 ms: once per process, on first use.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return factory;
}

/** Words of the account itself (email, its parts, the name): a password built on them is weak. */
export function accountWords(...values: (string | null | undefined)[]): string[] {
  const words = new Set<string>(['cairn']);
  for (const value of values) {
    if (!value) continue;
    const lower = value.trim().toLowerCase();
    if (!lower) continue;
    words.add(lower);
    for (const part of lower.split(/[^a-z0-9]+/)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

export function passwordStrength(password: string, userInputs: string[] = []): PasswordStrength {
  const result: ZxcvbnResult = estimator().check(password, userInputs);
  return {
    score: result.score,
    acceptable: result.score >= MIN_PASSWORD_SCORE,
    warning: result.feedback.warning || null,
    suggestions: result.feedback.suggestions,
  };
}

/** The sentence a form shows for a refused password. */
export function weakPasswordMessage(strength: PasswordStrength): string {
  const why = strength.warning ?? 'It would be guessed quickly.';
  const advice = strength.suggestions.length > 0 ? ` ${strength.suggestions.join(' ')}` : ' Use a few uncommon words, or a longer passphrase.';
  return `Password is too weak: ${why}${advice}`;
}
