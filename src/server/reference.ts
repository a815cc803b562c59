import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L or U/V look-alikes: a reference gets read out over the phone. */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

/** A reference's form, as `newReference` makes it (any letter or digit, for old references). */
export const REFERENCE_PATTERN = /^SO-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** `SO-XXXX-XXXX`: what the patient is told and staff search for (~3.5 × 10¹¹ values). */
export function newReference(): string {
  const pick = () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  const group = () => Array.from({ length: 4 }, pick).join('');
  return `SO-${group()}-${group()}`;
}
