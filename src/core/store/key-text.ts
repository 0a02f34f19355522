/**
 * The keys of one block of rows as one string, each key followed by KEY_SEPARATOR, with the index
 * where each key ends. A CONTAINS or ENDS_WITH search then runs `indexOf` over a few thousand such
 * strings instead of testing a million row keys scattered over the heap (decision 026). A key may
 * itself hold the separator: a hit is only taken when it lies inside one key (see `ends`).
 */
export interface KeyText<R> {
  readonly rows: readonly R[];
  /** rows[i]'s key, then KEY_SEPARATOR, for every row in order. */
  readonly text: string;
  /** ends[i]: the index in `text` just past rows[i]'s key (where its separator is). */
  readonly ends: Uint32Array;
}

export const KEY_SEPARATOR = "\n";

/** One block's key text, built from `keyOf` of each row. */
const keyTextOf = <R>(rows: readonly R[], keyOf: (row: R) => string): KeyText<R> => {
  const keys = new Array<string>(rows.length);
  const ends = new Uint32Array(rows.length);
  let end = 0;
  for (let i = 0; i < rows.length; i++) {
    const key = keyOf(rows[i]!);
    keys[i] = key;
    end += key.length;
    ends[i] = end++;
  }
  return { rows, text: keys.length === 0 ? "" : keys.join(KEY_SEPARATOR) + KEY_SEPARATOR, ends };
};

/**
 * Key texts of the blocks of an ordered list of rows, built on first use and kept per block array
 * until the list reports a change to that block (`forget`); a block the list drops takes its texts
 * with it. The lower-cased texts share the keys' text where no key has upper case.
 */
export class KeyTexts<R extends { readonly key: string; readonly lowerKey: string }> {
  private readonly keys = new WeakMap<readonly R[], KeyText<R>>();
  private readonly lowerKeys = new WeakMap<readonly R[], KeyText<R>>();

  of(blocks: readonly (readonly R[])[], lower: boolean): KeyText<R>[] {
    return blocks.map((rows) => (lower ? this.lowerOf(rows) : this.keysOf(rows)));
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
