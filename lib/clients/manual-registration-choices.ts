import { OB_SIGNING_ALGORITHMS, TOKEN_ENDPOINT_AUTH_METHODS } from '@/lib/profile/ob-profile';
import { z } from 'zod';

/** What a TPP chooses in the portal's registration form, before it is checked against the SSA. */
export const manualRegistrationChoicesSchema = z.object({
  tokenEndpointAuthMethod: z.enum(TOKEN_ENDPOINT_AUTH_METHODS, {
    message: 'choose how the client authenticates at the token endpoint',
  }),
  redirectUris: z.array(z.string()).min(1, 'choose at least one redirect URI'),
  scopes: z.array(z.string()).min(1, 'choose at least one scope'),
  tlsClientAuthSubjectDn: z.string().trim().optional(),
  tokenEndpointAuthSigningAlg: z.enum(OB_SIGNING_ALGORITHMS).optional(),
});

/** A TPP's registration choices, parsed. */
export type ManualRegistrationChoices = z.infer<typeof manualRegistrationChoicesSchema>;

/** The choices as RFC 7591 client metadata, the shape the validation core checks for both MCR and DCR. */
export function toRequestedMetadata(choices: ManualRegistrationChoices): Record<string, unknown> {
  return {
    token_endpoint_auth_method: choices.tokenEndpointAuthMethod,
    redirect_uris: choices.redirectUris,
    scope: choices.scopes.join(' '),
    ...(choices.tokenEndpointAuthMethod === 'private_key_jwt'
      ? { token_endpoint_auth_signing_alg: choices.tokenEndpointAuthSigningAlg ?? OB_SIGNING_ALGORITHMS[0] }
      : {}),
    ...(choices.tokenEndpointAuthMethod === 'tls_client_auth' ? { tls_client_auth_subject_dn: choices.tlsClientAuthSubjectDn ?? '' } : {}),
  };
}
