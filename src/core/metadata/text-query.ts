/**
 * ZITADEL's text comparison methods for key queries (internal/query/search_query.go). ZITADEL escapes
 * the LIKE wildcards `%`, `_` and `\` in the input, so every method is a literal string comparison;
 * the *_IGNORE_CASE methods lower-case both sides.
 */
export const TextQueryMethod = {
  Equals: 0,
  EqualsIgnoreCase: 1,
  StartsWith: 2,
  StartsWithIgnoreCase: 3,
  Contains: 4,
  ContainsIgnoreCase: 5,
  EndsWith: 6,
  EndsWithIgnoreCase: 7,
} as const;
export type TextQueryMethod = (typeof TextQueryMethod)[keyof typeof TextQueryMethod];

export interface KeyQuery {
  readonly key: string;
  readonly method: TextQueryMethod;
}

export const ignoresCase = (method: TextQueryMethod): boolean => method % 2 === 1;

/** A key with its lower-cased form (a store row carries both). */
export interface FoldedKey {
  readonly key: string;
  readonly lowerKey: string;
}

/**
 * The query as a test of one key, prepared once for a search: the query's own text is lower-cased
 * here, the key's comes with it, so testing a million keys allocates nothing.
 */
export const keyMatcher = (query: KeyQuery): ((subject: FoldedKey) => boolean) => {
  const wanted = ignoresCase(query.method) ? query.key.toLowerCase() : query.key;
  switch (query.method) {
    case TextQueryMethod.Equals:
      return ({ key }) => key === wanted;
    case TextQueryMethod.EqualsIgnoreCase:
      return ({ lowerKey }) => lowerKey === wanted;
    case TextQueryMethod.StartsWith:
      return ({ key }) => key.startsWith(wanted);
    case TextQueryMethod.StartsWithIgnoreCase:
      return ({ lowerKey }) => lowerKey.startsWith(wanted);
    case TextQueryMethod.Contains:
      return ({ key }) => key.includes(wanted);
    case TextQueryMethod.ContainsIgnoreCase:
      return ({ lowerKey }) => lowerKey.includes(wanted);
    case TextQueryMethod.EndsWith:
      return ({ key }) => key.endsWith(wanted);
    case TextQueryMethod.EndsWithIgnoreCase:
      return ({ lowerKey }) => lowerKey.endsWith(wanted);
  }
};

export const matchesKeyQuery = (key: string, query: KeyQuery): boolean => keyMatcher(query)({ key, lowerKey: key.toLowerCase() });
