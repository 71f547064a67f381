import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { invalid } from '#libs/core';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Who the password belongs to: a password made mostly of these is guessable by anyone who knows them. */
export interface PasswordContext {
  email?: string;
  displayName?: string;
  schoolName?: string;
}

let common: Set<string> | undefined;

/** Beside this file in the source tree; under dist/ the Dockerfile copies data/ next to the compiled code. */
function commonPasswords(): Set<string> {
  if (common) return common;
  const beside = fileURLToPath(new URL('./data/common-passwords.txt', import.meta.url));
  const path = existsSync(beside) ? beside : fileURLToPath(new URL('../../../libs/auth/data/common-passwords.txt', import.meta.url));
  common = new Set(readFileSync(path, 'utf8').split('\n').filter(Boolean));
  return common;
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The words someone could guess from who the user is: the email's local part and domain label, names. */
function personalWords(context: PasswordContext): string[] {
  const [local = '', domain = ''] = (context.email ?? '').toLowerCase().split('@');
  const words = [
    local,
    domain.split('.')[0] ?? '',
    ...(context.displayName ?? '').split(/\s+/),
    context.displayName ?? '',
    ...(context.schoolName ?? '').split(/\s+/),
    context.schoolName ?? '',
  ];
  return words.map(letters).filter((w) => w.length >= 4);
}

/**
 * The one password rule (ASVS 5.0 V6.2): returns why a password is refused, or null. Length is counted in
 * code points so any Unicode (spaces and emoji included) is allowed; nothing is truncated.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  // A listed password padded with digits or symbols ("password1234!") is as guessable as the word itself.
  const stem = lower.replace(/[^\p{L}]+$/u, '').replace(/^[^\p{L}]+/u, '');
  if (commonPasswords().has(lower) || commonPasswords().has(stem) || new Set(lower).size <= 2) {
    return 'password is too common: it appears in lists of breached passwords';
  }
  // "Mostly" the user's own words: what is left after removing them is under half the password.
  let rest = letters(password);
  for (const word of personalWords(context).sort((a, b) => b.length - a.length)) rest = rest.split(word).join('');
  if (rest.length * 2 < letters(password).length) return 'password must not be mostly your email, your name or the school name';
  return null;
}

/** Throws a 400 problem naming the password field, as validation errors do. */
export function assertPasswordAllowed(password: string, context: PasswordContext = {}, field = 'password'): void {
  const problem = passwordProblem(password, context);
  if (problem) throw invalid([{ field, message: problem.replace(/^password/, field) }]);
}
