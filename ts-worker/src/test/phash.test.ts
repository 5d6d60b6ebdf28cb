import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BANDS, bands, hamming, MAX_DISTANCE, nearest } from "../catalog/phash";

/** `phash` with the given bit positions (0 = most significant) flipped. */
function flip(phash: string, positions: readonly number[]): string {
  let x = BigInt(`0x${phash}`);
  for (const p of positions) x ^= 1n << BigInt(63 - p);
  return x.toString(16).padStart(16, "0");
}

/** A deterministic stream of 64-bit hashes (xorshift), so failures reproduce. */
function* hashes(seed: bigint): Generator<string> {
  let x = seed;
  const mask = (1n << 64n) - 1n;
  for (;;) {
    x ^= (x << 13n) & mask;
    x ^= x >> 7n;
    x ^= (x << 17n) & mask;
    yield x.toString(16).padStart(16, "0");
  }
}

describe("perceptual hash bands", () => {
  it("splits a hash into 8 bands of 8 bits, most significant first", () => {
    assert.deepEqual(bands("00ff10a0000000fe"), [0x00, 0xff, 0x10, 0xa0, 0, 0, 0, 0xfe]);
    assert.throws(() => bands("00FF10A0000000FE"), /not a 64-bit hex hash/);
    assert.throws(() => bands("abc"), /not a 64-bit hex hash/);
  });

  it("counts differing bits", () => {
    assert.equal(hamming("0000000000000000", "0000000000000000"), 0);
    assert.equal(hamming("0000000000000000", "ffffffffffffffff"), 64);
    assert.equal(hamming("8000000000000001", "0000000000000000"), 2);
    assert.equal(hamming("f0f0f0f0f0f0f0f0", "0f0f0f0f0f0f0f0f"), 64);
  });

  it("shares a band with every hash at distance up to 7, even with each flip in its own band", () => {
    const base = "3c5a96e1b2d4780f";
    // The worst case: 7 bits flipped, one in each of 7 bands: the 8th band still agrees.
    const far = flip(base, [0, 9, 18, 27, 36, 45, 54]);
    assert.equal(hamming(base, far), MAX_DISTANCE);
    const shared = bands(base).filter((b, i) => bands(far)[i] === b);
    assert.equal(shared.length, 1);
    // One flip per band, 8 in all: no band agrees, which is why the index answers up to 7.
    const beyond = flip(base, [0, 9, 18, 27, 36, 45, 54, 63]);
    assert.ok(bands(base).every((b, i) => bands(beyond)[i] !== b));
    // And for many hashes and flips: any distance below BANDS keeps a band in common.
    const stream = hashes(0x9e3779b97f4a7c15n);
    for (let n = 0; n < 500; n++) {
      const h = stream.next().value as string;
      const positions = new Set<number>();
      const want = n % BANDS;
      while (positions.size < want) positions.add(Number(BigInt(`0x${stream.next().value as string}`) % 64n));
      const other = flip(h, [...positions]);
      assert.equal(hamming(h, other), want);
      assert.ok(bands(h).some((b, i) => bands(other)[i] === b), `${h} vs ${other}`);
    }
  });

  it("keeps candidates within the distance, nearest first then by id, up to the limit", () => {
    const base = "0000000000000000";
    const candidates = [
      { workflow_id: "d", phash: flip(base, [1, 2, 3]) },
      { workflow_id: "c", phash: flip(base, [5]) },
      { workflow_id: "b", phash: flip(base, [7]) },
      { workflow_id: "a", phash: flip(base, [0, 1, 2, 3, 4, 5, 6, 7]) },
      { workflow_id: "e", phash: base },
    ];
    assert.deepEqual(nearest(base, candidates, 3, 10), [
      { workflow_id: "e", distance: 0 },
      { workflow_id: "b", distance: 1 },
      { workflow_id: "c", distance: 1 },
      { workflow_id: "d", distance: 3 },
    ]);
    assert.deepEqual(nearest(base, candidates, 2, 2).map((n) => n.workflow_id), ["e", "b"]);
    assert.deepEqual(nearest(base, candidates, 0, 10).map((n) => n.workflow_id), ["e"]);
  });
});
