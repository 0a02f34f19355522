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

const ignoresCase = (method: TextQueryMethod): boolean => method % 2 === 1;

export const matchesKeyQuery = (key: string, query: KeyQuery): boolean => {
  const folded = ignoresCase(query.method);
  const subject = folded ? key.toLowerCase() : key;
  const wanted = folded ? query.key.toLowerCase() : query.key;
  switch (query.method) {
    case TextQueryMethod.Equals:
    case TextQueryMethod.EqualsIgnoreCase:
      return subject === wanted;
    case TextQueryMethod.StartsWith:
    case TextQueryMethod.StartsWithIgnoreCase:
      return subject.startsWith(wanted);
    case TextQueryMethod.Contains:
    case TextQueryMethod.ContainsIgnoreCase:
      return subject.includes(wanted);
    case TextQueryMethod.EndsWith:
    case TextQueryMethod.EndsWithIgnoreCase:
      return subject.endsWith(wanted);
  }
};
