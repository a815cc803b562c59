import * as z from 'zod/mini';
import { CONTACT_CHANNELS, MAX_LENGTH, PROXY_RELATIONSHIPS, REQUESTER_ROLES } from './constants.js';
import {
  alwaysRun,
  choice,
  email,
  issueAt,
  optionalText,
  pastDate,
  phone,
  requiredText,
} from './fields.js';

/** Someone acting for the patient says who they are and how they are related. */
const proxyNeedsIdentity = z.superRefine(
  (value: { role?: string; relationship?: string; name?: string }, context) => {
    if (value.role !== 'proxy') return;
    if (!value.relationship) {
      issueAt(context, 'relationship', undefined);
    }
    if (!value.name?.trim()) {
      issueAt(context, 'name', value.name);
    }
  },
  alwaysRun,
);

export const requesterSchema = z
  .object({
    role: choice(REQUESTER_ROLES),
    relationship: z.optional(choice(PROXY_RELATIONSHIPS)),
    name: optionalText(MAX_LENGTH.name),
  })
  .check(proxyNeedsIdentity);

/** Asking to be called needs a number to call. */
const phoneWhenPreferred = z.superRefine(
  (value: { phone?: string; preferredContact?: string }, context) => {
    if (value.preferredContact === 'phone' && !value.phone?.trim()) {
      issueAt(context, 'phone', value.phone);
    }
  },
  alwaysRun,
);

export const patientSchema = z
  .object({
    name: requiredText(MAX_LENGTH.name),
    dateOfBirth: pastDate(),
    email: email(),
    phone: z.optional(phone()),
    preferredContact: z.optional(choice(CONTACT_CHANNELS)),
  })
  .check(phoneWhenPreferred);

export const contactSchema = z.object({ requester: requesterSchema, patient: patientSchema });
