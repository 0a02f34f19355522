/**
 * sorted-btree ships CommonJS with `exports.default = BTree`. Node's ESM loader hands the whole
 * `exports` object to a default import, while bundler-style loaders (vitest) hand over the class;
 * this shim gives the class in both.
 */
import sortedBtree from "sorted-btree";

type BTreeClass = typeof sortedBtree.default;
const loaded = sortedBtree as unknown as BTreeClass | { default: BTreeClass };

export const BTree: BTreeClass = typeof loaded === "function" ? loaded : loaded.default;
export type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;
