/** The largest SSA accepted, in bytes (64 KiB); real SSAs are a few KiB. Its own module: the register form checks it in the browser. */
export const SSA_MAX_BYTES = 64 * 1024;
