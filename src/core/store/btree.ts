/**
 * sorted-btree ships CommonJS with `exports.default = BTree`; under Node's ESM loader the default
 * import is the whole `exports` object, so the class is its `default` property.
 */
import sortedBtree from "sorted-btree";

export const BTree = sortedBtree.default;
export type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;
