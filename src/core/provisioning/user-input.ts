import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { DomainError } from '../errors.js';
import type { Address, UserProfile } from '../directory/user.js';

countries.registerLocale(en);

/** What a provider asserts about a user in one create or update. */
export interface UserInput {
  profile: UserProfile;
  /** SCIM `active`; undefined = not asserted: a new user is active, an existing one keeps its state. */
  active: boolean | undefined;
  /** The manager's user id as sent (bare id), or null to clear. */
  managerRef: string | null;
}

/** A note or failure produced while normalising input; becomes a sync-log entry. */
export interface InputNote {
  kind: 'normalized' | 'failure';
  attribute: string;
  oldValue: string | null;
  newValue: string | null;
  detail: string;
}

// A pragmatic RFC 5321-shaped check: one @, a non-empty local part, a dotted domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Validates the username against the tenant's rules (SPEC C1). */
export function checkUserName(userName: string, requireEmail: boolean): string {
  const trimmed = userName.trim();
  if (trimmed === '') throw new DomainError('user.username_required', {});
  if (requireEmail && !EMAIL.test(trimmed)) throw new DomainError('user.username_not_email', { userName: trimmed });
  return trimmed;
}

/**
 * ISO 3166-1 alpha-2 for a country as sent. Two-letter codes are checked; long names
 * ("Germany", "united kingdom") are looked up in English (SPEC C2 beyond); null when unknown.
 */
export function normalizeCountry(raw: string): string | null {
  const s = raw.trim();
  if (/^[A-Za-z]{2}$/.test(s)) return countries.isValid(s.toUpperCase()) ? s.toUpperCase() : null;
  if (/^[A-Za-z]{3}$/.test(s)) return countries.alpha3ToAlpha2(s.toUpperCase()) ?? null;
  // getSimpleAlpha2Code ignores case and diacritics ("united kingdom", "cote d'ivoire").
  return countries.getAlpha2Code(s, 'en') ?? countries.getSimpleAlpha2Code(s, 'en') ?? null;
}

function normalizeAddress(a: Address, notes: InputNote[]): Address {
  if (a.country === null || a.country.trim() === '') return { ...a, country: null };
  const code = normalizeCountry(a.country);
  if (code === null) {
    notes.push({
      kind: 'failure',
      attribute: 'country',
      oldValue: null,
      newValue: a.country,
      detail: `Unknown country "${a.country}" dropped: only ISO 3166-1 alpha-2 codes are stored`,
    });
  } else if (code !== a.country) {
    notes.push({
      kind: 'normalized',
      attribute: 'country',
      oldValue: a.country,
      newValue: code,
      detail: `Country "${a.country}" normalised to ISO 3166-1 alpha-2 "${code}"`,
    });
  }
  return { ...a, country: code };
}

/** Validates and normalises a provider's input; notes become sync-log entries. */
export function normalizeInput(input: UserInput, requireEmail: boolean): { input: UserInput; notes: InputNote[] } {
  const notes: InputNote[] = [];
  const userName = checkUserName(input.profile.userName, requireEmail);
  const addresses = input.profile.addresses.map((a) => normalizeAddress(a, notes));
  const managerRef = input.managerRef?.trim() ? input.managerRef.trim() : null;
  return { input: { ...input, managerRef, profile: { ...input.profile, userName, addresses } }, notes };
}
