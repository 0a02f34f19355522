/** The ids and tokens of `fixtures/default.json`, shared by the REST and gRPC integration tests. */

/** The organizations of `fixtures/default.json`. */
export const ORG = {
  zitadel: "284012579201466372",
  acme: "284012579201531908",
  globex: "284012579201597444",
} as const;

/** The tokens of `fixtures/default.json`. */
export const TOKEN = {
  /** IAM_OWNER (instance role), user of the ZITADEL org. */
  iamOwner: "iam-owner-token",
  /** ORG_OWNER of ACME. */
  acmeOwner: "acme-owner-token",
  /** ORG_OWNER_VIEWER of ACME: org.read only. */
  acmeViewer: "acme-viewer-token",
  /** ORG_PROJECT_CREATOR of ACME: a membership without org.read or org.write. */
  acmeProjectCreator: "acme-project-creator-token",
  /** ORG_OWNER of Globex, no membership in ACME. */
  globexOwner: "globex-owner-token",
} as const;

export const ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";
