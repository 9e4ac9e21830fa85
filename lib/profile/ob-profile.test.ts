// The profile is defined once (STYLE: one profile): no product source writes out a list of its values, and the one
// place that cannot import it, the Prisma schema's policy default, equals it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OB_SIGNING_ALGORITHMS,
  REGISTRABLE_GRANT_TYPES,
  REGISTRABLE_RESPONSE_TYPES,
  REGISTRATION_MEDIA_TYPES,
  SERVED_SCOPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
} from './ob-profile';

const ROOT = path.resolve(__dirname, '../..');
// Product code only: tests and test support write literal lists on purpose (what a TPP sends, what a peer serves).
const PRODUCT_FOLDERS = ['lib', 'app', 'components', 'scripts'];
const PROFILE_FILE = path.join('lib', 'profile', 'ob-profile.ts');

const FAMILIES: Record<string, readonly string[]> = {
  'signing algorithms': OB_SIGNING_ALGORITHMS,
  'token endpoint auth methods': TOKEN_ENDPOINT_AUTH_METHODS,
  'grant types': REGISTRABLE_GRANT_TYPES,
  'response types': REGISTRABLE_RESPONSE_TYPES,
  'media types': REGISTRATION_MEDIA_TYPES,
  scopes: SERVED_SCOPES,
};

function listProductSources(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.relative(ROOT, path.join(entry.parentPath, entry.name));
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    if (file.split(path.sep).some((part) => part === 'testing' || part === 'generated' || part === 'node_modules')) return [];
    return file === PROFILE_FILE ? [] : [file];
  });
}

/** Array literals of two or more quoted strings, all of one profile family: a copy of the profile. */
function findProfileCopies(source: string): { line: number; family: string; text: string }[] {
  const copies: { line: number; family: string; text: string }[] = [];
  for (const match of source.matchAll(/\[\s*((?:(['"`])[^'"`\n]*\2\s*,\s*)+(['"`])[^'"`\n]*\3)\s*,?\s*\]/g)) {
    const values = [...match[1]!.matchAll(/(['"`])([^'"`\n]*)\1/g)].map((value) => value[2]!);
    const family = Object.entries(FAMILIES).find(([, members]) => values.every((value) => members.includes(value)));
    if (family) copies.push({ line: source.slice(0, match.index).split('\n').length, family: family[0], text: match[0] });
  }
  return copies;
}

describe('the one profile', () => {
  it('finds a copied list (the scan can fail)', () => {
    expect(findProfileCopies("const a = ['PS256', 'ES256'];\nconst b = [\n  'private_key_jwt',\n  'tls_client_auth',\n];")).toEqual([
      { line: 1, family: 'signing algorithms', text: "['PS256', 'ES256']" },
      { line: 2, family: 'token endpoint auth methods', text: "[\n  'private_key_jwt',\n  'tls_client_auth',\n]" },
    ]);
    expect(findProfileCopies("const c = ['PS256', 'RS256']; const d = ['accounts'];")).toEqual([]);
  });

  it('is written out nowhere in the product but lib/profile/ob-profile.ts', () => {
    const copies = PRODUCT_FOLDERS.flatMap(listProductSources).flatMap((file) =>
      findProfileCopies(readFileSync(path.join(ROOT, file), 'utf8')).map((copy) => `${file}:${copy.line} copies the ${copy.family}: ${copy.text}`),
    );
    expect(copies).toEqual([]);
  });

  it("is the Prisma schema's default for the policy's auth methods", () => {
    const schema = readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
    const declared = /tokenEndpointAuthMethods\s+String\[\]\s+@default\((\[[^\]]*\])\)/.exec(schema);
    expect(declared, 'Policy.tokenEndpointAuthMethods has a default').not.toBeNull();
    expect(JSON.parse(declared![1]!)).toEqual([...TOKEN_ENDPOINT_AUTH_METHODS]);
  });
});
