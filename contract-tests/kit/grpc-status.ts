/**
 * ZITADEL's error details over gRPC: the trailer `grpc-status-details-bin` holds a `google.rpc.Status`
 * whose `details` carry one `zitadel.v1.ErrorDetail { id, message }`. No generated code for
 * google.rpc.Status ships with @zitadel/node, so it is read with the protobuf wire reader (the same
 * decoder as test/grpc/support.ts); the ErrorDetail is decoded with @zitadel/node's generated message.
 */
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { ErrorDetail } from "@zitadel/node/dist/api/generated/zitadel/message.js";
import { ERROR_DETAIL_TYPE, type RpcStatus } from "./transport.js";

export interface RpcStatusAny {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** `google.rpc.Status` as sent in `grpc-status-details-bin`. */
export interface DecodedRpcStatus {
  readonly code: number;
  readonly message: string;
  readonly details: readonly RpcStatusAny[];
}

/**
 * Decodes `google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any
 * details = 3; }`.
 */
export function decodeRpcStatus(bin: Uint8Array): DecodedRpcStatus {
  const reader = new BinaryReader(bin);
  let code = 0;
  let message = "";
  const details: RpcStatusAny[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.Varint) code = reader.int32();
    else if (field === 2 && wireType === WireType.LengthDelimited) message = reader.string();
    else if (field === 3 && wireType === WireType.LengthDelimited) {
      const any = new BinaryReader(reader.bytes());
      let typeUrl = "";
      let value: Uint8Array = new Uint8Array();
      while (any.pos < any.len) {
        const [anyField, anyWireType] = any.tag();
        if (anyField === 1 && anyWireType === WireType.LengthDelimited) typeUrl = any.string();
        else if (anyField === 2 && anyWireType === WireType.LengthDelimited) value = any.bytes();
        else any.skip(anyWireType);
      }
      details.push({ typeUrl, value });
    } else reader.skip(wireType);
  }
  return { code, message, details };
}

/**
 * The status in the JSON form the REST gateway renders (`{code, message, details: [{"@type", id,
 * message}]}`), so both transports hand the cases, the spec check and the reports the same shape.
 * Zero values are omitted as protojson does: no `details` key when there are none.
 */
export function rpcStatusJson(status: DecodedRpcStatus): RpcStatus {
  const details = status.details.map((detail) => {
    if (detail.typeUrl !== ERROR_DETAIL_TYPE) return { "@type": detail.typeUrl };
    const { id, message } = ErrorDetail.decode(detail.value);
    return { "@type": detail.typeUrl, ...(id ? { id } : {}), ...(message ? { message } : {}) };
  });
  return {
    ...(status.code !== 0 ? { code: status.code } : {}),
    ...(status.message !== "" ? { message: status.message } : {}),
    ...(details.length > 0 ? { details } : {}),
  } as RpcStatus;
}
