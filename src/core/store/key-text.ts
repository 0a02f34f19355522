/**
 * The keys of one block of rows as one string, each key followed by KEY_SEPARATOR, with the index
 * where each key ends. A CONTAINS or ENDS_WITH search then runs `indexOf` over a few thousand such
 * strings instead of testing a million row keys scattered over the heap (decision 026). A key may
 * itself hold the separator: a hit is only taken when it lies inside one key (see `ends`).
 */
export interface KeyText<R> {
  /** Every row's key, then KEY_SEPARATOR, in order. */
  readonly text: string;
  /** ends[i]: the index in `text` just past row i's key (where its separator is). */
  readonly ends: Uint32Array;
  /** Row i (made on the call for a packed block, decision 035: only hits are made). */
  rowAt(i: number): R;
}

/** A block that keeps its rows as key texts already (packed rows): its keys and its lower-cased keys. */
export interface KeyTextBlock<R> extends KeyText<R> {
  /** The lower-cased keys' text: the block itself when no key has upper case. */
  readonly lower: KeyText<R>;
}

export const KEY_SEPARATOR = "\n";

/** `keys` joined as a key text, with their ends (written into `ends` when given: keys.length long). */
export const joinKeys = (keys: readonly string[], ends = new Uint32Array(keys.length)): { readonly text: string; readonly ends: Uint32Array } => {
  let end = 0;
  for (let i = 0; i < keys.length; i++) {
    end += keys[i]!.length;
    ends[i] = end++;
  }
  return { text: keys.length === 0 ? "" : keys.join(KEY_SEPARATOR) + KEY_SEPARATOR, ends };
};

/** One block's key text, built from `keyOf` of each row. */
const keyTextOf = <R>(rows: readonly R[], keyOf: (row: R) => string): KeyText<R> => ({ ...joinKeys(rows.map(keyOf)), rowAt: (i) => rows[i]! });

/**
 * Key texts of the blocks of an ordered list of rows: a packed block is its own key text; a block of
 * row objects has one built on first use and kept per block array until the list reports a change to
 * that block (`forget`); a block the list drops takes its texts with it. The lower-cased texts share
 * the keys' text where no key has upper case.
 */
export class KeyTexts<R extends { readonly key: string; readonly lowerKey: string }> {
  private readonly keys = new WeakMap<readonly R[], KeyText<R>>();
  private readonly lowerKeys = new WeakMap<readonly R[], KeyText<R>>();

  of(blocks: readonly (readonly R[] | KeyTextBlock<R>)[], lower: boolean): KeyText<R>[] {
    return blocks.map((block) => (!isRowArray(block) ? (lower ? block.lower : block) : lower ? this.lowerOf(block) : this.keysOf(block)));
  }

  /** Drops the texts of a block that is about to change. */
  forget(rows: readonly R[]): void {
    this.keys.delete(rows);
    this.lowerKeys.delete(rows);
  }

  private keysOf(rows: readonly R[]): KeyText<R> {
    let text = this.keys.get(rows);
    if (!text) this.keys.set(rows, (text = keyTextOf(rows, (row) => row.key)));
    return text;
  }

  private lowerOf(rows: readonly R[]): KeyText<R> {
    let text = this.lowerKeys.get(rows);
    if (!text) {
      text = rows.every((row) => row.lowerKey === row.key) ? this.keysOf(rows) : keyTextOf(rows, (row) => row.lowerKey);
      this.lowerKeys.set(rows, text);
    }
    return text;
  }
}

const isRowArray = <R>(block: readonly R[] | KeyTextBlock<R>): block is readonly R[] => Array.isArray(block);
