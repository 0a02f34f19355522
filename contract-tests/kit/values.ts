/** Small helpers for values on the wire: bytes are base64, uint64 are decimal strings. */

/** Standard, padded base64 of a UTF-8 string or of raw bytes (what ZITADEL returns for `bytes`). */
export function b64(value: string | Uint8Array): string {
  return Buffer.from(value).toString("base64");
}

/** `n` bytes, cycling through all 256 byte values (not valid UTF-8). */
export function binary(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + 0x80) % 256);
}

/** Compares two uint64 decimal strings. */
export function compareUint64(a: string | undefined, b: string | undefined): number {
  const x = BigInt(a ?? "0");
  const y = BigInt(b ?? "0");
  return x < y ? -1 : x > y ? 1 : 0;
}

export function millis(timestamp: string | undefined): number {
  if (timestamp === undefined) throw new Error("timestamp is missing");
  return Date.parse(timestamp);
}

/** `totalResult` as a number; ZITADEL omits it when it is 0. */
export function total(details: { totalResult?: string }): number {
  return Number(details.totalResult ?? "0");
}
