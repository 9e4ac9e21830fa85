/** An error answer of the sandbox API: HTTP status and an RFC 7591-style `{error, error_description}` body. */
export type ApiError = {
  status: 400 | 404 | 405 | 409 | 413 | 415 | 500;
  error: string;
  error_description: string;
};

/** The answer for an organisation id the directory does not know. */
export function unknownOrganisation(orgId: string): ApiError {
  return { status: 404, error: 'not_found', error_description: `organisation "${orgId}" not found` };
}

/** The answer for a software id the organisation does not have. */
export function unknownSoftware(softwareId: string): ApiError {
  return { status: 404, error: 'not_found', error_description: `software "${softwareId}" not found` };
}
