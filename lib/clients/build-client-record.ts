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

// These values came from JSON (the SSA) or are plain data built from it. Checked to be JSON as they are, so that
// Prisma's Json columns get a checked fact rather than a bare cast, without the copy a JSON round trip made: on the
// registration's hot path that copy was a twentieth of its CPU (the report holds every check's title and hint).
// A member that is undefined is absent, as JSON.stringify, and so the database, has it.
function toJsonObject(value: object): Prisma.JsonObject {
  // Iterative: a value nested deeper than any call stack is no JSON this could store either.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current === 'string' || typeof current === 'boolean' || Number.isFinite(current)) continue;
    if (Array.isArray(current)) {
      for (const item of current) pending.push(item);
    } else if (isPlainObject(current)) {
      for (const member of Object.values(current)) if (member !== undefined) pending.push(member);
    } else {
      throw new TypeError(`a client record holds ${typeof current === 'number' ? current : typeof current}, which is not JSON`);
    }
  }
  return value as Prisma.JsonObject;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
