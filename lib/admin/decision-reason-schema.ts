import { z } from 'zod';

/** The longest reason an admin may give with a decision; the TPP reads it on its application page. */
export const DECISION_REASON_MAX_LENGTH = 500;

/** The reason every admin decision on a client requires: non-empty once trimmed, at most 500 characters. */
export const decisionReasonSchema = z
  .string({ message: 'give a reason' })
  .trim()
  .min(1, { message: 'give a reason' })
  .max(DECISION_REASON_MAX_LENGTH, { message: `keep the reason to ${DECISION_REASON_MAX_LENGTH} characters` });
