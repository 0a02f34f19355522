/**
 * ZITADEL's ObjectDetails as each operation fills it (internal/api/grpc/object/converter.go):
 * Set carries creationDate, the other writes carry changeDate, reads carry both.
 */
export interface ObjectDetails {
  readonly sequence: number;
  readonly creationDate?: Date;
  readonly changeDate?: Date;
  readonly resourceOwner: string;
}

export interface Metadata {
  readonly key: string;
  readonly value: Uint8Array;
  readonly details: ObjectDetails;
}
