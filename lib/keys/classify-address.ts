import { isIPv4, isIPv6 } from 'node:net';

/** What an IP address reaches: the public internet, or somewhere a fetch on a TPP's behalf must never go. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link_local' | 'reserved';

type Range = { base: bigint; bits: number; width: 32 | 128; kind: Exclude<AddressKind, 'public'> };

// IANA IPv4 and IPv6 special-purpose registries (RFC 6890 and successors): everything not globally reachable.
// 169.254.169.254 and fd00:ec2::254, the cloud metadata services, fall in the link-local and private ranges.
const RANGES: Range[] = [
  ['0.0.0.0/8', 'reserved'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'private'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/3', 'reserved'],
  ['::/128', 'reserved'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'],
  ['64:ff9b:1::/48', 'private'],
  ['100::/64', 'reserved'],
  ['2001::/23', 'reserved'],
  ['2001:db8::/32', 'reserved'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'reserved'],
].map(([cidr, kind]) => {
  const [address = '', bits = ''] = (cidr as string).split('/');
  const width = isIPv4(address) ? 32 : 128;
  return { base: toBigInt(address), bits: Number(bits), width, kind: kind as Range['kind'] };
});

// IPv6 forms that carry an IPv4 address a router may deliver to: IPv4-mapped, NAT64 (RFC 6052) and 6to4.
const EMBEDDED_IPV4: { prefix: bigint; bits: number; shift: bigint }[] = [
  { prefix: toBigInt('::ffff:0:0'), bits: 96, shift: 0n },
  { prefix: toBigInt('64:ff9b::'), bits: 96, shift: 0n },
  { prefix: toBigInt('2002::'), bits: 16, shift: 80n },
];

/**
 * Classifies an IP address (v4 or v6, as `dns.lookup` answers it) for the SSRF guard. An IPv6 address that embeds
 * an IPv4 one (`::ffff:127.0.0.1`, NAT64, 6to4) is classified by the IPv4 address. Anything that is not an IP
 * address is `reserved`: never fetched.
 */
export function classifyAddress(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return classify(toBigInt(bare), 32);
  if (!isIPv6(bare)) return 'reserved';
  const value = toBigInt(bare);
  for (const { prefix, bits, shift } of EMBEDDED_IPV4) {
    if (value >> BigInt(128 - bits) === prefix >> BigInt(128 - bits)) return classify((value >> shift) & 0xffffffffn, 32);
  }
  return classify(value, 128);
}

function classify(value: bigint, width: 32 | 128): AddressKind {
  for (const range of RANGES) {
    if (range.width !== width) continue;
    const shift = BigInt(width - range.bits);
    if (value >> shift === range.base >> shift) return range.kind;
  }
  return 'public';
}

function toBigInt(address: string): bigint {
  if (isIPv4(address)) return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
  let text = address.toLowerCase();
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (ipv4Tail) {
    const tail = toBigInt(ipv4Tail[1] as string);
    text = `${text.slice(0, ipv4Tail.index)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const front = groups(head);
  const back = rest === undefined ? [] : groups(rest);
  const all = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return all.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
