/**
 * A small browser app that uses ZITADEL as apps do: REST with fetch, and gRPC-web with
 * @connectrpc/connect-web and @zitadel/proto. The mock URL and token come from the query string.
 */
/* global location, document, fetch, TextDecoder, URLSearchParams, atob, btoa, FormData */
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";

const params = new URLSearchParams(location.search);
const mock = params.get("mock") ?? "";
const token = params.get("token") ?? "";
const headers = { authorization: `Bearer ${token}` };
const client = createClient(ManagementService, createGrpcWebTransport({ baseUrl: mock }));
const $ = (id) => document.getElementById(id);
const decode = (base64) => new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));

const show = (id, rows) =>
  $(id).replaceChildren(
    ...rows.map(([key, value]) => {
      const item = document.createElement("li");
      item.textContent = `${key} = ${value}`;
      return item;
    }),
  );

const listOverRest = async () => {
  const res = await fetch(`${mock}/management/v1/metadata/_search`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: "{}" });
  const body = await res.json();
  if (!res.ok) throw new Error(body.message);
  show("rest-list", (body.result ?? []).map(({ key, value }) => [key, decode(value)]));
};

const listOverGrpcWeb = async () => {
  try {
    const response = await client.listOrgMetadata({}, { headers });
    show("grpc-web-list", response.result.map(({ key, value }) => [key, new TextDecoder().decode(value)]));
    $("grpc-web-error").textContent = "";
  } catch (error) {
    $("grpc-web-error").textContent = error instanceof ConnectError ? error.rawMessage : String(error);
  }
};

const refresh = async () => {
  try {
    await listOverRest();
  } catch (error) {
    $("rest-error").textContent = error.message;
  }
  await listOverGrpcWeb();
};

$("write").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const key = String(form.get("key"));
  const res = await fetch(`${mock}/management/v1/metadata/${encodeURIComponent(key)}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ value: btoa(String(form.get("value"))) }),
  });
  const body = await res.json();
  $("rest-error").textContent = res.ok ? "" : (body.message ?? `HTTP ${res.status}`);
  $("saved").textContent = res.ok ? `saved ${key}` : "";
  await refresh();
});

void refresh();
