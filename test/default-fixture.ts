/** The ids and tokens of `fixtures/default.json`, shared by the REST and gRPC integration tests. */

/** The organizations of `fixtures/default.json`. */
export const ORG = {
  zitadel: "284012579201466372",
  acme: "284012579201531908",
  globex: "284012579201597444",
} as const;

/** The users of `fixtures/default.json` (their user metadata is in its `userMetadata`). */
export const USER = {
  /** admin@zitadel.localhost: IAM_OWNER, in the ZITADEL org; no user metadata. */
  iamOwner: "284012579201269764",
  /** alice@acme.localhost: ORG_OWNER of ACME; metadata `locale` = "de-CH", `onboarding.completed` = "true". */
  acmeOwner: "284012580106845188",
  /** victor@acme.localhost: ORG_OWNER_VIEWER of ACME; metadata `locale` = "en-GB". */
  acmeViewer: "284012580106910724",
  /** pat@acme.localhost: ORG_PROJECT_CREATOR of ACME; no user metadata. */
  acmeProjectCreator: "284012580106976260",
  /** gary@globex.localhost: ORG_OWNER of Globex; metadata `employee.number` = "G-0042". */
  globexOwner: "284012580171988996",
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
