/** The largest registration request the API reads: an SSA (at most 64 KiB) inside a signed JWT, with room for its metadata. */
export const REGISTRATION_BODY_MAX_BYTES = 128 * 1024;
