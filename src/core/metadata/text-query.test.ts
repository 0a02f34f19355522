import { TextQueryMethod as ProtoTextQueryMethod } from "@zitadel/proto/zitadel/object_pb.js";
import { describe, expect, it } from "vitest";
import { type KeyQuery, TextQueryMethod, matchesKeyQuery } from "./text-query.js";

/** ZITADEL's TextQueryMethod semantics (reference §3.4, text filters). */
const matches = (key: string, method: TextQueryMethod, wanted: string): boolean => matchesKeyQuery(key, { key: wanted, method });

describe("TextQueryMethod numbers", () => {
  it("are zitadel.v1.TextQueryMethod's (the API layer passes them through as numbers)", () => {
    expect(TextQueryMethod).toEqual({
      Equals: ProtoTextQueryMethod.EQUALS,
      EqualsIgnoreCase: ProtoTextQueryMethod.EQUALS_IGNORE_CASE,
      StartsWith: ProtoTextQueryMethod.STARTS_WITH,
      StartsWithIgnoreCase: ProtoTextQueryMethod.STARTS_WITH_IGNORE_CASE,
      Contains: ProtoTextQueryMethod.CONTAINS,
      ContainsIgnoreCase: ProtoTextQueryMethod.CONTAINS_IGNORE_CASE,
      EndsWith: ProtoTextQueryMethod.ENDS_WITH,
      EndsWithIgnoreCase: ProtoTextQueryMethod.ENDS_WITH_IGNORE_CASE,
    });
  });
});

describe("matchesKeyQuery", () => {
  const M = TextQueryMethod;

  it.each<[string, TextQueryMethod, string, boolean]>([
    ["key2", M.Equals, "key2", true],
    ["key2", M.Equals, "key", false],
    ["key2", M.Equals, "Key2", false],
    ["Key2", M.EqualsIgnoreCase, "kEY2", true],
    ["Key2", M.EqualsIgnoreCase, "key", false],
    ["key2.1", M.StartsWith, "key2", true],
    ["key2.1", M.StartsWith, "Key2", false],
    ["xkey2", M.StartsWith, "key2", false],
    ["KEY2.1", M.StartsWithIgnoreCase, "key2", true],
    ["xKEY2", M.StartsWithIgnoreCase, "key2", false],
    ["a.key.b", M.Contains, "key", true],
    ["a.KEY.b", M.Contains, "key", false],
    ["a.KEY.b", M.ContainsIgnoreCase, "key", true],
    ["a.KY.b", M.ContainsIgnoreCase, "key", false],
    ["one.suffix", M.EndsWith, "suffix", true],
    ["one.SUFFIX", M.EndsWith, "suffix", false],
    ["suffix.one", M.EndsWith, "suffix", false],
    ["one.SUFFIX", M.EndsWithIgnoreCase, "Suffix", true],
    ["SUFFIX.one", M.EndsWithIgnoreCase, "suffix", false],
  ])("%j method %i query %j -> %s", (key, method, wanted, expected) => {
    expect(matches(key, method, wanted)).toBe(expected);
  });

  describe("LIKE wildcards in the query are literal (ZITADEL escapes % _ \\)", () => {
    it("% matches only a percent sign", () => {
      expect(matches("a%b", M.StartsWith, "a%")).toBe(true);
      expect(matches("axb", M.StartsWith, "a%")).toBe(false);
      expect(matches("ab", M.Contains, "%")).toBe(false);
      expect(matches("100%", M.EndsWithIgnoreCase, "0%")).toBe(true);
      expect(matches("1000", M.EndsWithIgnoreCase, "0%")).toBe(false);
    });

    it("_ matches only an underscore", () => {
      expect(matches("a_b", M.Equals, "a_b")).toBe(true);
      expect(matches("axb", M.Equals, "a_b")).toBe(false);
      expect(matches("axb", M.EqualsIgnoreCase, "A_B")).toBe(false);
      expect(matches("axb", M.Contains, "_")).toBe(false);
      expect(matches("a_b", M.ContainsIgnoreCase, "A_")).toBe(true);
    });

    it("\\ matches only a backslash and escapes nothing", () => {
      expect(matches("a\\b", M.EndsWith, "\\b")).toBe(true);
      expect(matches("ab", M.EndsWith, "\\b")).toBe(false);
      expect(matches("a%", M.EndsWith, "\\%")).toBe(false);
      expect(matches("a\\%", M.EndsWith, "\\%")).toBe(true);
    });

    it("other regular-expression or glob characters are literal too", () => {
      expect(matches("a.c", M.Equals, "a.c")).toBe(true);
      expect(matches("abc", M.Equals, "a.c")).toBe(false);
      expect(matches("abc", M.StartsWith, "a*")).toBe(false);
      expect(matches("a[b]c", M.Contains, "[b]")).toBe(true);
    });
  });

  describe("an empty query key", () => {
    it("matches every key with STARTS_WITH, CONTAINS and ENDS_WITH (and their IGNORE_CASE forms)", () => {
      for (const method of [M.StartsWith, M.StartsWithIgnoreCase, M.Contains, M.ContainsIgnoreCase, M.EndsWith, M.EndsWithIgnoreCase]) {
        expect(matches("anything", method, "")).toBe(true);
      }
    });

    it("matches no key with EQUALS and EQUALS_IGNORE_CASE", () => {
      expect(matches("anything", M.Equals, "")).toBe(false);
      expect(matches("anything", M.EqualsIgnoreCase, "")).toBe(false);
    });
  });

  it("folds case beyond ASCII for IGNORE_CASE", () => {
    expect(matches("ÜBER", M.EqualsIgnoreCase, "über")).toBe(true);
    expect(matches("Straße", M.StartsWithIgnoreCase, "STRA")).toBe(true);
  });

  it("compares emoji keys by code points", () => {
    const query: KeyQuery = { key: "😀", method: M.EndsWith };
    expect(matchesKeyQuery("smile😀", query)).toBe(true);
    expect(matchesKeyQuery("smile😁", query)).toBe(false);
  });
});
