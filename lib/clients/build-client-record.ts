import type { Client, Prisma } from '@/lib/db';
import type { ClientMetadata } from '@/lib/registration/validate-client-metadata';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import type { ValidationReport } from '@/lib/validation/report';

/** What a client row holds about its registration, whichever way it was made (MCR or DCR): SSA, metadata and report. */
export type ClientRegistrationRecord = Pick<
  Prisma.ClientUncheckedCreateInput,
  | 'softwareId'
  | 'softwareClientName'
  | 'environment'
  | 'tokenEndpointAuthMethod'
  | 'tokenEndpointAuthSigningAlg'
  | 'tlsClientAuthSubjectDn'
  | 'idTokenSignedResponseAlg'
  | 'requestObjectSigningAlg'
  | 'applicationType'
  | 'redirectUris'
  | 'scopes'
  | 'grantTypes'
  | 'responseTypes'
  | 'softwareStatement'
  | 'softwareStatementClaims'
  | 'registrationMetadata'
  | 'validationReport'
>;

/** What `buildClientRecord` builds: a `ClientRegistrationRecord` of plain values, exactly as a client row holds them. */
export type BuiltClientRecord = Pick<Client, Exclude<keyof ClientRegistrationRecord, JsonField>> & Record<JsonField, Prisma.JsonObject>;

type JsonField = 'softwareStatementClaims' | 'registrationMetadata' | 'validationReport';

/** The registration fields of a client row, from a validated SSA, the accepted metadata and the report. */
export function buildClientRecord(
  softwareStatement: string,
  ssa: SoftwareStatementClaims,
  metadata: ClientMetadata,
  report: ValidationReport,
): BuiltClientRecord {
  return {
    softwareId: ssa.software_id,
    softwareClientName: ssa.software_client_name,
    environment: ssa.software_environment,
    tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
    tokenEndpointAuthSigningAlg: metadata.tokenEndpointAuthSigningAlg,
    tlsClientAuthSubjectDn: metadata.tlsClientAuthSubjectDn,
    idTokenSignedResponseAlg: metadata.idTokenSignedResponseAlg,
    requestObjectSigningAlg: metadata.requestObjectSigningAlg,
    applicationType: metadata.applicationType,
    redirectUris: metadata.redirectUris,
    scopes: metadata.scopes,
    grantTypes: metadata.grantTypes,
    responseTypes: metadata.responseTypes,
    softwareStatement,
    softwareStatementClaims: toJsonObject(ssa.raw),
    registrationMetadata: toJsonObject(metadata),
    validationReport: toJsonObject(report),
  };
}

// These values came from JSON (the SSA) or are plain data built from it; a JSON round trip makes that
// a checked fact for Prisma's Json columns instead of a cast.
function toJsonObject(value: object): Prisma.JsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.JsonObject;
}
