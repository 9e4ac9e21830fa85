// @peculiar/x509 resolves its ASN.1 schemas through decorators, which need the metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto, so that keys from jose and certificates from x509 share one implementation.
x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
