import * as z from 'zod/mini';
import { SCHEMA_VERSION } from './constants.js';
import { contactSchema, patientSchema, requesterSchema } from './contact.js';
import { documentsSchema } from './documents.js';
import { diagnosisSchema, motiveSchema, reasonsSchema } from './eligibility.js';
import { insuranceSchema } from './insurance.js';

/**
 * The request body the widget posts, and that a receiving server validates with this same
 * schema (`import { payloadSchema } from 'second-opinion-intake/schema'`).
 */
export const payloadSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION, { error: 'invalid' }),
  submissionId: z.uuid({ error: 'invalid' }),
  submittedAt: z.iso.datetime({ error: 'invalid' }),
  locale: z
    .string({ error: 'invalid' })
    .check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'invalid' })),
  serviceCountry: z.optional(
    z.string({ error: 'invalid' }).check(z.regex(/^[A-Z]{2}$/, { error: 'invalid' })),
  ),
  requester: requesterSchema,
  patient: patientSchema,
  reasons: reasonsSchema,
  motive: motiveSchema,
  diagnosis: diagnosisSchema,
  documents: documentsSchema,
  insurance: insuranceSchema,
  consent: z.object({
    healthDataProcessing: z.literal(true, { error: 'consent-required' }),
  }),
});

export type SecondOpinionPayload = z.infer<typeof payloadSchema>;
export type Requester = z.infer<typeof requesterSchema>;
export type Patient = z.infer<typeof patientSchema>;
export type Contact = z.infer<typeof contactSchema>;
