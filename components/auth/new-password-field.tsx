'use client';
// A field for choosing a password: as it is typed, says how guessable it is and why, with the
// same estimator the server applies (lib/identity/password-strength.ts, loaded on first use:
// its dictionaries are a separate chunk). The server still decides; this only explains.
import { useEffect, useState } from 'react';
import type { PasswordStrength } from '@/lib/identity/password-strength';
import styles from './new-password-field.module.css';

type Estimator = typeof import('@/lib/identity/password-strength');

const LABELS = ['Too guessable', 'Very weak', 'Weak', 'Strong', 'Very strong'] as const;

export function NewPasswordField({
  name = 'password',
  label = 'Password',
  accountWords = [],
}: {
  name?: string;
  label?: string;
  /** Email and name of the account: a password built on them is weak. */
  accountWords?: (string | null | undefined)[];
}) {
  const [password, setPassword] = useState('');
  const [estimator, setEstimator] = useState<Estimator | null>(null);
  const [strength, setStrength] = useState<PasswordStrength | null>(null);

  useEffect(() => {
    if (!password || estimator) return;
    let cancelled = false;
    void import('@/lib/identity/password-strength').then((module) => {
      if (!cancelled) setEstimator(module);
    });
    return () => {
      cancelled = true;
    };
  }, [password, estimator]);

  const words = accountWords.join('\u0000');
  useEffect(() => {
    if (!estimator || !password) {
      setStrength(null);
      return;
    }
    const timer = setTimeout(() => {
      setStrength(estimator.passwordStrength(password, estimator.accountWords(...words.split('\u0000'))));
    }, 120);
    return () => clearTimeout(timer);
  }, [estimator, password, words]);

  const tooShort = password.length > 0 && password.length < 10;
  return (
    <div className={styles.field}>
      <label>
        {label} (at least 10 characters, hard to guess)
        <input
          name={name}
          type="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={72}
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-describedby={`${name}-strength`}
        />
      </label>
      <span id={`${name}-strength`} className={styles.strength} aria-live="polite">
        {password && (
          <>
            <span className={styles.meter} data-score={tooShort ? 0 : (strength?.score ?? 0)}>
              {[0, 1, 2, 3].map((bar) => (
                <span key={bar} className={strength && !tooShort && strength.score > bar ? styles.on : undefined} />
              ))}
            </span>
            <span className={strength?.acceptable && !tooShort ? styles.ok : styles.weak}>
              {tooShort ? 'Too short' : strength ? LABELS[strength.score] : 'Checking…'}
              {!tooShort && strength && !strength.acceptable && `: ${strength.warning ?? 'it would be guessed quickly.'}`}
            </span>
            {!tooShort && strength && !strength.acceptable && strength.suggestions.length > 0 && (
              <span className={styles.hint}>{strength.suggestions.join(' ')}</span>
            )}
          </>
        )}
      </span>
    </div>
  );
}
