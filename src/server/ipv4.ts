// IPv4 addresses as the network model keeps them: numbers (0 … 2^32-1) in the store, dotted quads in
// documents. Parsing is strict (four decimal octets, no leading zeros), so one address has one spelling.

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** The address as a number, or undefined when `text` is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The dotted netmask of a prefix length (24 → 255.255.255.0). */
export function netmaskOf(prefixLength: number): string {
  return formatIpv4(prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0);
}

/** The prefix length of a dotted netmask, or undefined when it is not a contiguous mask. */
export function prefixOfNetmask(netmask: string): number | undefined {
  const n = parseIpv4(netmask);
  if (n === undefined) return undefined;
  for (let p = 0; p <= 32; p++) if (parseIpv4(netmaskOf(p)) === n) return p;
  return undefined;
}

/** The first and last address of the subnet `address`/`prefixLength` lies in (network and broadcast). */
export function subnetOf(address: number, prefixLength: number): { first: number; last: number } {
  const size = 2 ** (32 - prefixLength);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1 };
}

/** Whether `address` is a host address (neither network nor broadcast) of the subnet. */
export function isHostIn(address: number, subnet: { first: number; last: number }): boolean {
  return address > subnet.first && address < subnet.last;
}
