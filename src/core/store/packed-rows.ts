import { Buffer } from "node:buffer";
import { itemStart } from "./key-order.js";
import { KEY_SEPARATOR, type KeyText, type KeyTextBlock, joinKeys } from "./key-text.js";
import { Row, lowerOf } from "./metadata-row.js";
import type { PackedBlock } from "./ordered-list.js";
import type { SortedSeed } from "./sorted-seed.js";

/**
 * Rows per packed block: a write unpacks a whole block into row objects, so a small block keeps a
 * write to a packed store cheap; a block costs a few hundred bytes besides its rows (decision 035).
 */
export const PACKED_BLOCK_ROWS = 64;

/**
 * Small typed arrays carved out of shared chunks: a packed block's arrays then cost no buffer of
 * their own (a buffer per array made the collector's work grow with the number of blocks). A chunk
 * lives while any array carved from it does.
 */
class ArrayPool<A extends Uint32Array | Float64Array> {
  private chunk: A;
  private used = 0;

  constructor(
    private readonly make: (length: number) => A,
    private readonly chunkLength = 1 << 14,
  ) {
    this.chunk = make(0);
  }

  take(length: number): A {
    if (this.used + length > this.chunk.length) {
      this.chunk = this.make(Math.max(this.chunkLength, length));
      this.used = 0;
    }
    return this.chunk.subarray(this.used, (this.used += length)) as A;
  }
}

const uint32s = new ArrayPool((length) => new Uint32Array(length));
const float64s = new ArrayPool((length) => new Float64Array(length));

/** Sequences as 4 bytes each, or 8 when one does not fit. */
const sequencesOf = (count: number, sequenceAt: (i: number) => number): Uint32Array | Float64Array => {
  let fits = true;
  for (let i = 0; i < count && fits; i++) fits = sequenceAt(i) <= 0xffffffff;
  const sequences = fits ? uint32s.take(count) : float64s.take(count);
  for (let i = 0; i < count; i++) sequences[i] = sequenceAt(i);
  return sequences;
};

/** The sign of `text[start, end)` compared with `probe`, in key order (UTF-16 code units), with no substring made. */
const compareSlice = (text: string, start: number, end: number, probe: string): number => {
  const length = end - start;
  const common = length < probe.length ? length : probe.length;
  for (let k = 0; k < common; k++) {
    const d = text.charCodeAt(start + k) - probe.charCodeAt(k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return length < probe.length ? -1 : length > probe.length ? 1 : 0;
};

/** The dates of a block's rows: one for all (a seed is one transaction), or each row's as epoch milliseconds. */
export type PackedDates = Date | { readonly creation: Float64Array; readonly change: Float64Array };

/**
 * A block of rows, packed (decision 035): their keys as one key text, their values as one string
 * (or, for a sorted seed's, the seed's value bytes: decision 039), their sequences and dates (the one date every seeded row has). Immutable, so the lists and every
 * snapshot share it; a row object is made only when a row is read (`itemAt`), and a write to the
 * block makes the list unpack it into rows of its own (packed again once other blocks are written).
 * A few strings per block instead of an object and two strings per row: the collector has little to
 * copy, and a load little to allocate.
 */
export class PackedRows implements PackedBlock<Row>, KeyTextBlock<Row> {
  readonly lower: KeyText<Row>;

  constructor(
    /** Every row's key, then KEY_SEPARATOR. */
    readonly text: string,
    /** ends[i]: where row i's key ends in `text` (its separator). */
    readonly ends: Uint32Array,
    /** The lower-cased keys' text and ends, when some key has upper case (else the keys'). */
    lower: { readonly text: string; readonly ends: Uint32Array } | undefined,
    /** The values as text, or as bytes (a sorted seed's, never decoded as a whole: decision 039). */
    private readonly values: string | Buffer,
    /** valueEnds[i]: where row i's value ends in `values`. */
    private readonly valueEnds: Uint32Array,
    private readonly sequences: Uint32Array | Float64Array,
    private readonly dates: PackedDates,
    /**
     * valueStarts[i]: where row i's value starts in `values`, when the values are not back to back
     * in row order (a sorted seed's, in entry order: `values` is all of them); else row i's value
     * starts where row i - 1's ends.
     */
    private readonly valueStarts?: Uint32Array,
  ) {
    this.lower = lower ? { text: lower.text, ends: lower.ends, rowAt: (i) => this.itemAt(i) } : this;
  }

  get length(): number {
    return this.ends.length;
  }

  /** Row i, made on the call. */
  itemAt(i: number): Row {
    const key = this.text.slice(startOf(this.ends, i), this.ends[i]);
    const lower = this.lower;
    const lowerKey = lower === this ? key : lower.text.slice(startOf(lower.ends, i), lower.ends[i]);
    const start = this.valueStarts ? this.valueStarts[i]! : itemStart(this.valueEnds, i);
    const values = this.values;
    const value = typeof values === "string" ? values.slice(start, this.valueEnds[i]) : values.toString("latin1", start, this.valueEnds[i]);
    const dates = this.dates;
    if (dates instanceof Date) return new Row(key, lowerKey, value, this.sequences[i]!, dates, dates);
    return new Row(key, lowerKey, value, this.sequences[i]!, new Date(dates.creation[i]!), new Date(dates.change[i]!));
  }

  rowAt(i: number): Row {
    return this.itemAt(i);
  }

  /** compareKeys(row i's key, key). */
  compareKeyAt(i: number, key: string): number {
    return compareSlice(this.text, startOf(this.ends, i), this.ends[i]!, key);
  }

  /** Row i against a probe of the lower-cased index: by lower-cased key, then key. */
  compareLowerAt(i: number, lowerKey: string, key: string): number {
    const { text, ends } = this.lower;
    return compareSlice(text, startOf(ends, i), ends[i]!, lowerKey) || this.compareKeyAt(i, key);
  }
}

const startOf = (ends: Uint32Array, i: number): number => (i === 0 ? 0 : ends[i - 1]! + KEY_SEPARATOR.length);

/** The lower-cased text of a block's keys, or undefined when lower-casing changes none of them. */
const lowerTextOf = (text: string, ends: Uint32Array): { text: string; ends: Uint32Array } | undefined => {
  // Lower-casing the whole text changes it exactly when it changes some key (the separator stays).
  if (text.toLowerCase() === text) return undefined;
  return joinKeys(Array.from(ends, (end, i) => lowerOf(text.slice(startOf(ends, i), end))), uint32s.take(ends.length));
};

/** Rows as packed blocks, in the order given: what a list packs a block it has not written for a while into. */
export const packRows = (rows: readonly Row[]): PackedRows[] => {
  const packed = new PackedRowsBuilder();
  for (const row of rows) packed.add(row.key, row.storedValue, row.sequence, row.creationDate, row.changeDate);
  return packed.finish();
};

/**
 * Packs rows given one by one in the list's order (key order, or the lower-cased index's order) into
 * blocks: for seeds of columns, the lower-cased index of a seed whose keys are not all lower case,
 * and written blocks (packRows).
 */
export class PackedRowsBuilder {
  readonly blocks: PackedRows[] = [];
  private keys: string[] = [];
  private values: string[] = [];
  private sequences: number[] = [];
  private creations: Date[] = [];
  private changes: Date[] = [];

  add(key: string, value: string, sequence: number, creationDate: Date, changeDate: Date): void {
    this.keys.push(key);
    this.values.push(value);
    this.sequences.push(sequence);
    this.creations.push(creationDate);
    this.changes.push(changeDate);
    if (this.keys.length === PACKED_BLOCK_ROWS) this.flush();
  }

  finish(): PackedRows[] {
    if (this.keys.length > 0) this.flush();
    return this.blocks;
  }

  private flush(): void {
    const count = this.keys.length;
    const { text, ends } = joinKeys(this.keys, uint32s.take(count));
    const valueEnds = uint32s.take(count);
    let end = 0;
    for (let i = 0; i < count; i++) valueEnds[i] = end += this.values[i]!.length;
    const values = this.values.join("");
    const sequences = sequencesOf(count, (i) => this.sequences[i]!);
    this.blocks.push(new PackedRows(text, ends, lowerTextOf(text, ends), values, valueEnds, sequences, datesOf(this.creations, this.changes)));
    this.keys = [];
    this.values = [];
    this.sequences = [];
    this.creations = [];
    this.changes = [];
  }
}

/** One date when every row has it as creation and change date (a seed), else each row's. */
const datesOf = (creations: readonly Date[], changes: readonly Date[]): PackedDates => {
  const first = creations[0]!;
  const time = first.getTime();
  if (creations.every((date, i) => date.getTime() === time && changes[i]!.getTime() === time)) return first;
  const creation = float64s.take(creations.length);
  const change = float64s.take(changes.length);
  creations.forEach((date, i) => void ((creation[i] = date.getTime()), (change[i] = changes[i]!.getTime())));
  return { creation, change };
};

/** Latin-1 code units that lower-casing changes: A–Z, À–Ö, Ø–Þ. */
const LATIN1_UPPER = (() => {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) if (String.fromCharCode(c).toLowerCase() !== String.fromCharCode(c)) table[c] = 1;
  return table;
})();

/** Whether lower-casing changes no key of a Latin-1 key text (one pass over its bytes; no string made). */
export const latin1IsLowerCase = (bytes: Uint8Array): boolean => {
  for (let i = 0; i < bytes.length; i++) if (LATIN1_UPPER[bytes[i]!] === 1) return false;
  return true;
};

/** Texts longer than this are decoded block by block (a string has at most 2^29 - 24 code units). */
const WHOLE_TEXT_AT_MOST = 1 << 28;

/**
 * The text of bytes [start, end) of `bytes`. Bytes up to WHOLE_TEXT_AT_MOST are decoded once, as one
 * string, and a block's text is a slice of it: V8 keeps such a slice as a small view of the whole
 * (no copy), and the whole lands in the large-object space, so the collector never copies the seed's
 * characters (decoding block by block made ~2 strings of a few KiB per block, copied twice by young
 * collections as they survived).
 */
const textOf = (bytes: Uint8Array, encoding: "latin1" | "utf16le"): ((start: number, end: number) => string) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength > WHOLE_TEXT_AT_MOST) return (start, end) => buffer.toString(encoding, start, end);
  const unit = encoding === "utf16le" ? 2 : 1;
  const whole = buffer.toString(encoding);
  return (start, end) => whole.slice(start / unit, end / unit);
};

/**
 * A sorted seed as packed blocks, from its bytes: a key text per block (a slice of the whole key
 * text) and none per row; the values, in entry order, stay bytes (decision 039) that every block
 * reads its rows' values from (their starts and ends), decoded when a row is read. Row r is the
 * seed's entry `entryIndex[r]`, so its sequence is `lastSequence + entryIndex[r] + 1`.
 */
export const packSortedSeed = (seed: SortedSeed, lastSequence: number, at: Date): PackedRows[] => {
  const rows = seed.entryIndex.length;
  const unit = seed.keyEncoding === "utf16le" ? 2 : 1;
  const keyText = textOf(seed.keyText, seed.keyEncoding);
  const values = Buffer.from(seed.valueText.buffer, seed.valueText.byteOffset, seed.valueText.byteLength);
  const { entryIndex, valueEnds: entryEnds } = seed;
  // Keys lower-cased already (the common case): no block needs the lower-case check of its text.
  const lowerCase = seed.keyEncoding === "latin1" && latin1IsLowerCase(seed.keyText);
  const blocks: PackedRows[] = [];
  for (let from = 0; from < rows; from += PACKED_BLOCK_ROWS) {
    const to = Math.min(rows, from + PACKED_BLOCK_ROWS);
    const keyStart = from === 0 ? 0 : seed.keyEnds[from - 1]! + KEY_SEPARATOR.length;
    const ends = uint32s.take(to - from);
    const valueStarts = uint32s.take(to - from);
    const valueEnds = uint32s.take(to - from);
    for (let r = from; r < to; r++) {
      ends[r - from] = seed.keyEnds[r]! - keyStart;
      const e = entryIndex[r]!;
      valueStarts[r - from] = itemStart(entryEnds, e);
      valueEnds[r - from] = entryEnds[e]!;
    }
    const sequences = sequencesOf(to - from, (i) => lastSequence + entryIndex[from + i]! + 1);
    const text = keyText(keyStart * unit, (seed.keyEnds[to - 1]! + KEY_SEPARATOR.length) * unit);
    blocks.push(new PackedRows(text, ends, lowerCase ? undefined : lowerTextOf(text, ends), values, valueEnds, sequences, at, valueStarts));
  }
  return blocks;
};
