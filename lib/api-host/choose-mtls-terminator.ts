import { isLoopbackHost } from '../registration/is-loopback-host';
import { EnvError } from '../env';

/** Who terminates mutual TLS at `MTLS_URL`: Onboard's embedded terminator, or the bank's own (nginx…). */
export type MtlsTerminator = 'embedded' | 'none';

/**
 * Decides whether the launcher runs the embedded terminator. `MTLS_TERMINATOR=embedded|none` decides; unset,
 * it runs when `MTLS_URL` is https on this machine, since any other host is a terminator the bank runs.
 * Throws an `EnvError` naming `MTLS_TERMINATOR` for any other value or for `embedded` with an http URL.
 */
export function chooseMtlsTerminator(mtlsUrl: string, setting: string | undefined): MtlsTerminator {
  const url = new URL(mtlsUrl);
  switch (setting ?? '') {
    case 'none':
      return 'none';
    case 'embedded':
      if (url.protocol !== 'https:') throw new EnvError(['MTLS_TERMINATOR: embedded needs an https MTLS_URL']);
      return 'embedded';
    case '':
      return url.protocol === 'https:' && isLoopbackHost(url.hostname) ? 'embedded' : 'none';
    default:
      throw new EnvError(['MTLS_TERMINATOR: MTLS_TERMINATOR must be embedded or none (unset: embedded when MTLS_URL is https on localhost)']);
  }
}
