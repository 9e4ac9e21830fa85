import 'server-only';
import { getValidationContext, type ValidationContext } from '@/lib/validation/get-validation-context';
import { getPolicy } from './get-policy';
import { withRegistrationPolicy } from './with-registration-policy';

/** The validation context for a registration (MCR, DCR POST and PUT): the configuration narrowed by the bank's current policy. */
export async function getRegistrationContext(): Promise<ValidationContext> {
  return withRegistrationPolicy(getValidationContext(), await getPolicy());
}
