// Near-duplicates by the poster's 64-bit perceptual hash, through multi-index hashing: the hash
// is stored as BANDS bands of BAND_BITS bits, each indexed. Two hashes within Hamming distance
// d < BANDS differ in at most d bands, so (pigeonhole) they agree exactly on at least one: the
// records sharing a band with the target are a superset of its neighbours, and the exact
// distance of those few candidates decides.
export const BANDS = 8;
export const BAND_BITS = 64 / BANDS;
/** The farthest distance the bands can answer completely. */
export const MAX_DISTANCE = BANDS - 1;

const HEX = /^[0-9a-f]{16}$/;
const HEX_PER_BAND = BAND_BITS / 4;

export function isPhash(value: unknown): value is string {
  return typeof value === "string" && HEX.test(value);
}

/** The bands of a hash (hex, as FrameAnalysis.phash), most significant first. */
export function bands(phash: string): number[] {
  if (!isPhash(phash)) throw new Error(`not a 64-bit hex hash: ${JSON.stringify(phash)}`);
  return Array.from({ length: BANDS }, (_, i) => Number.parseInt(phash.slice(i * HEX_PER_BAND, (i + 1) * HEX_PER_BAND), 16));
}

/** Bits that differ between two hashes. */
export function hamming(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let bits = 0;
  for (; x !== 0n; x &= x - 1n) bits++;
  return bits;
}

export interface Neighbour {
  workflow_id: string;
  distance: number;
}

/** The candidates within `maxDistance` of `phash`, nearest first (then by id), at most `limit`. */
export function nearest(
  phash: string,
  candidates: readonly { workflow_id: string; phash: string }[],
  maxDistance: number,
  limit: number,
): Neighbour[] {
  return candidates
    .map((c) => ({ workflow_id: c.workflow_id, distance: hamming(phash, c.phash) }))
    .filter((n) => n.distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance || (a.workflow_id < b.workflow_id ? -1 : a.workflow_id > b.workflow_id ? 1 : 0))
    .slice(0, limit);
}
