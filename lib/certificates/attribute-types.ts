/** Object identifiers of the name attributes the certificate checks read. */
export const ATTRIBUTE_OIDS = {
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  organizationIdentifier: '2.5.4.97',
} as const;

/**
 * Attribute type names accepted in a distinguished name string, lower-cased (type names are
 * case-insensitive, RFC 4512 §1.4): RFC 4514's table, their long forms, and the names OpenSSL, Java
 * and @peculiar/x509 print for the other attributes found on OB and eIDAS certificates.
 */
export const ATTRIBUTE_TYPE_OIDS: Readonly<Record<string, string>> = {
  cn: '2.5.4.3',
  commonname: '2.5.4.3',
  sn: '2.5.4.4',
  surname: '2.5.4.4',
  serialnumber: '2.5.4.5',
  c: '2.5.4.6',
  countryname: '2.5.4.6',
  l: '2.5.4.7',
  localityname: '2.5.4.7',
  st: '2.5.4.8',
  s: '2.5.4.8',
  stateorprovincename: '2.5.4.8',
  street: '2.5.4.9',
  streetaddress: '2.5.4.9',
  o: '2.5.4.10',
  organizationname: '2.5.4.10',
  ou: '2.5.4.11',
  organizationalunitname: '2.5.4.11',
  t: '2.5.4.12',
  title: '2.5.4.12',
  businesscategory: '2.5.4.15',
  postalcode: '2.5.4.17',
  g: '2.5.4.42',
  gn: '2.5.4.42',
  givenname: '2.5.4.42',
  i: '2.5.4.43',
  initials: '2.5.4.43',
  organizationidentifier: '2.5.4.97',
  dc: '0.9.2342.19200300.100.1.25',
  domaincomponent: '0.9.2342.19200300.100.1.25',
  uid: '0.9.2342.19200300.100.1.1',
  userid: '0.9.2342.19200300.100.1.1',
  e: '1.2.840.113549.1.9.1',
  email: '1.2.840.113549.1.9.1',
  emailaddress: '1.2.840.113549.1.9.1',
};

/**
 * The short names RFC 4514 §3 says every implementation recognises, by OID. Formatting uses these and
 * writes any other type as its dotted OID (RFC 4514 §2.3), so that every RFC 4514 parser reads it.
 */
export const RFC4514_SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};
