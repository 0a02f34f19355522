/**
 * A JSON token reader in the manner of Go's decoders: it reads one value at a time, so the caller
 * sees object members in order and twice when they are given twice (JSON.parse keeps the last one),
 * numbers as their source text (JSON.parse rounds 64-bit integers), and where a value ends (only the
 * first value of a body counts). Syntax follows RFC 8259 strictly, as Go's encoding/json does.
 */

export type JsonTokenKind = "{" | "}" | "[" | "]" | ":" | "," | "string" | "number" | "true" | "false" | "null" | "eof";

export interface JsonToken {
  readonly kind: JsonTokenKind;
  /** Offset of the token in the text. */
  readonly at: number;
  /** The token as written (a string with its quotes and escapes). */
  readonly raw: string;
  /** The decoded text of a string token. */
  readonly text: string;
}

export class JsonSyntaxError extends Error {}

/** Go's encoding/json refuses values nested deeper than this ("exceeded max depth"). */
export const MAX_NESTING_DEPTH = 10_000;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
/** A literal or number must end at a delimiter: `truex` and `1x` are one bad token, not two. */
const NOT_DELIMITER = /[A-Za-z0-9_.+-]/;
// JSON forbids raw control characters inside strings; finding them is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;
const PUNCTUATION = new Set(["{", "}", "[", "]", ":", ","]);
const SCALARS = new Set<JsonTokenKind>(["string", "number", "true", "false", "null"]);

export class JsonTokenReader {
  private offset = 0;
  private peeked: JsonToken | undefined;

  constructor(private readonly source: string) {}

  /** Line and column (1-based, in code points) of an offset, as protobuf-go reports positions. */
  position(at: number): string {
    const before = this.source.slice(0, at);
    const lineStart = before.lastIndexOf("\n") + 1;
    const line = before.split("\n").length;
    return `line ${line}:${[...before.slice(lineStart)].length + 1}`;
  }

  syntaxError(at: number, what: string): JsonSyntaxError {
    return new JsonSyntaxError(`syntax error (${this.position(at)}): ${what}`);
  }

  peek(): JsonToken {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): JsonToken {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** Reads a token of the given kind, or fails with a syntax error. */
  expect(kind: JsonTokenKind): JsonToken {
    const token = this.next();
    if (token.kind !== kind) throw this.unexpected(token);
    return token;
  }

  unexpected(token: JsonToken): JsonSyntaxError {
    return this.syntaxError(token.at, token.kind === "eof" ? "unexpected EOF" : `unexpected token ${token.raw}`);
  }

  /** Reads one whole value without building it (iteratively: depth costs no stack). */
  skipValue(depth = 0): void {
    const open: JsonTokenKind[] = [];
    for (;;) {
      const token = this.next();
      if (token.kind === "{" || token.kind === "[") {
        if (depth + open.length >= MAX_NESTING_DEPTH) throw this.syntaxError(token.at, "exceeded max depth");
        const close = token.kind === "{" ? "}" : "]";
        if (this.peek().kind !== close) {
          open.push(close);
          if (close === "}") this.member();
          continue;
        }
        this.next();
      } else if (!SCALARS.has(token.kind)) throw this.unexpected(token);
      // A value ended: close the containers that end here, or go on with the next element.
      for (;;) {
        const close = open.at(-1);
        if (close === undefined) return;
        const after = this.next();
        if (after.kind === ",") {
          if (close === "}") this.member();
          break;
        }
        if (after.kind !== close) throw this.unexpected(after);
        open.pop();
      }
    }
  }

  /** The name and colon of an object member. */
  private member(): void {
    this.expect("string");
    this.expect(":");
  }

  private scan(): JsonToken {
    const src = this.source;
    let at = this.offset;
    while (at < src.length && (src[at] === " " || src[at] === "\t" || src[at] === "\n" || src[at] === "\r")) at++;
    if (at >= src.length) return this.token("eof", at, at);
    const char = src[at] as string;
    if (PUNCTUATION.has(char)) return this.token(char as JsonTokenKind, at, at + 1);
    if (char === '"') return this.string(at);
    const pattern = char === "-" || (char >= "0" && char <= "9") ? NUMBER : LITERAL;
    pattern.lastIndex = at;
    const match = pattern.exec(src);
    if (match && !NOT_DELIMITER.test(src[at + match[0].length] ?? "")) {
      return this.token(pattern === NUMBER ? "number" : (match[0] as JsonTokenKind), at, at + match[0].length);
    }
    throw this.syntaxError(at, `invalid value ${/^[-+._a-zA-Z0-9]{1,32}|^./su.exec(src.slice(at))?.[0] ?? char}`);
  }

  /** A string token: no raw control characters, only JSON's escapes. */
  private string(start: number): JsonToken {
    const src = this.source;
    let end = src.indexOf('"', start + 1);
    // A quote preceded by an odd number of backslashes is escaped: look further.
    while (end !== -1 && countBackslashesBefore(src, end) % 2 === 1) {
      end = src.indexOf('"', end + 1);
    }
    if (end === -1) throw this.syntaxError(src.length, "unexpected EOF");
    const raw = src.slice(start, end + 1);
    const control = CONTROL.exec(raw);
    if (control) throw this.syntaxError(start + control.index, "invalid character in string");
    if (!raw.includes("\\")) return this.token("string", start, end + 1, raw.slice(1, -1));
    try {
      return this.token("string", start, end + 1, JSON.parse(raw) as string);
    } catch {
      throw this.syntaxError(start, `invalid escape sequence in string ${raw}`);
    }
  }

  private token(kind: JsonTokenKind, at: number, end: number, text?: string): JsonToken {
    this.offset = end;
    const raw = this.source.slice(at, end);
    return { kind, at, raw, text: text ?? raw };
  }
}

const countBackslashesBefore = (text: string, at: number): number => {
  let count = 0;
  while (text.charCodeAt(at - 1 - count) === 0x5c) count++;
  return count;
};
