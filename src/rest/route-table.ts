/**
 * The REST routes, built once at start from the spec's operations (openapi-backend parses the
 * document): a request is matched by splitting its path once, not by rebuilding and scanning every
 * operation with a RegExp per template on each call.
 */

/** What the table needs of an operation: openapi-backend's own operation objects fit. */
export interface RoutedOperation {
  readonly path: string;
  readonly method: string;
}

type Segment = { readonly literal: string } | { readonly param: string };

interface Route<Op> {
  readonly operation: Op;
  readonly method: string;
  readonly segments: readonly Segment[];
  /** Characters of literal text: the more, the more specific (openapi-backend's order). */
  readonly specificity: number;
  readonly exact: boolean;
}

export type RouteMatch<Op> =
  | { readonly kind: "operation"; readonly operation: Op; readonly params: Record<string, string> }
  | { readonly kind: "methodNotAllowed" }
  | { readonly kind: "notFound" };

const NOT_FOUND = { kind: "notFound" } as const;
const METHOD_NOT_ALLOWED = { kind: "methodNotAllowed" } as const;

const segmentsOf = (template: string): Segment[] =>
  template
    .split("/")
    .slice(1)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      return param ? { param: param[1]! } : { literal: part };
    });

export class RouteTable<Op extends RoutedOperation> {
  /** Routes by number of path segments, most specific first. */
  private readonly bySegmentCount = new Map<number, Route<Op>[]>();
  private readonly root: string;

  /**
   * @param apiRoot the prefix every operation path is relative to (`/management/v1`)
   */
  constructor(apiRoot: string, operations: readonly Op[]) {
    this.root = apiRoot.replace(/\/$/, "");
    for (const operation of operations) {
      const segments = segmentsOf(operation.path);
      const route: Route<Op> = {
        operation,
        method: operation.method.toUpperCase(),
        segments,
        specificity: segments.reduce((sum, s) => sum + ("literal" in s ? s.literal.length : 0), 0),
        exact: segments.every((s) => "literal" in s),
      };
      const list = this.bySegmentCount.get(segments.length) ?? [];
      list.push(route);
      this.bySegmentCount.set(segments.length, list);
    }
    // An exact path wins over templates, then the template with the most literal text.
    for (const list of this.bySegmentCount.values()) {
      list.sort((a, b) => Number(b.exact) - Number(a.exact) || b.specificity - a.specificity);
    }
  }

  /**
   * Matches a raw (still percent-encoded) request path. Templates bind one non-empty segment per
   * variable, except that an empty last segment binds too: grpc-gateway reads `GET /metadata/` as
   * GetOrgMetadata with key "", while a trailing slash after a literal segment is no route.
   * Path parameters are percent-decoded (a broken encoding throws URIError).
   */
  match(method: string, rawPath: string): RouteMatch<Op> {
    if (!rawPath.startsWith(`${this.root}/`)) return NOT_FOUND;
    const parts = rawPath.slice(this.root.length + 1).split("/");
    const routes = this.bySegmentCount.get(parts.length);
    if (!routes) return NOT_FOUND;
    let pathMatched = false;
    for (const route of routes) {
      if (!matchesSegments(route.segments, parts)) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.segments.forEach((segment, i) => {
        if ("param" in segment) params[segment.param] = decodeURIComponent(parts[i]!);
      });
      return { kind: "operation", operation: route.operation, params };
    }
    return pathMatched ? METHOD_NOT_ALLOWED : NOT_FOUND;
  }
}

const matchesSegments = (segments: readonly Segment[], parts: readonly string[]): boolean => {
  const last = parts.length - 1;
  for (let i = 0; i <= last; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if ("literal" in segment) {
      if (segment.literal !== part) return false;
    } else if (part === "" && i !== last) return false;
  }
  return true;
};
