// The inspector page of zitadel-mock: plain DOM over the control API (/__mock/*), no build step.
/* global document, sessionStorage, fetch, prompt, atob, TextDecoder, URL, Blob, FormData, setTimeout */
const api = "/__mock";
const $ = (selector) => document.querySelector(selector);
let token = sessionStorage.getItem("zitadel-mock-control-token") ?? "";
let lastJournalId = "0";

const call = async (method, path, body) => {
  const headers = body === undefined ? {} : { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    token = prompt("This mock runs with --control-token. Token:") ?? "";
    sessionStorage.setItem("zitadel-mock-control-token", token);
    if (token) return call(method, path, body);
  }
  const data = await res.json();
  if (!res.ok) throw new Error(data.message ?? `HTTP ${res.status}`);
  return data;
};

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
};

/** `1 key`, `2 keys`. */
const counted = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const say = (text, isError = false) => {
  const status = $("#status");
  status.textContent = text;
  status.className = isError ? "error" : "";
};

/** The value as text when it is printable UTF-8, else its base64. */
const showValue = (base64) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return el("span", { class: "text" }, text);
  } catch {
    // not UTF-8
  }
  return el("span", { class: "base64", title: "binary value, base64" }, base64);
};

const time = (iso) => el("time", { datetime: iso, title: iso }, iso.replace("T", " ").replace(/\.\d+Z$|Z$/, ""));

/** The metadata rows of an org or a user, as a table (or "no metadata"). */
const metadataTable = (rows) =>
  rows.length === 0
    ? el("p", { class: "empty" }, "no metadata")
    : el(
        "table",
        { class: "metadata" },
        el("thead", {}, el("tr", {}, ...["key", "value", "sequence", "created", "changed"].map((h) => el("th", {}, h)))),
        el(
          "tbody",
          {},
          ...rows.map((row) =>
            el("tr", { "data-key": row.key }, el("td", { class: "key" }, row.key), el("td", {}, showValue(row.value)), el("td", {}, String(row.sequence)), el("td", {}, time(row.creationDate)), el("td", {}, time(row.changeDate))),
          ),
        ),
      );

/** The users of an org, each with its metadata (open when it has some). */
const userList = (users) =>
  users.length === 0
    ? undefined
    : el(
        "div",
        { class: "users" },
        ...users.map((user) =>
          el(
            "details",
            { "data-user": user.id, ...(user.metadata.length > 0 ? { open: "" } : {}) },
            el("summary", {}, "user ", el("strong", {}, user.userName), ` ${user.id} · ${counted(user.metadata.length, "key")} · sequence ${user.sequence}`),
            metadataTable(user.metadata),
          ),
        ),
      );

const renderOrgs = ({ orgs }) => {
  const list = $("#orgs");
  list.replaceChildren(
    ...orgs.map((org) =>
      el(
        "details",
        { open: "", "data-org": org.id },
        el("summary", {}, el("strong", {}, org.name), ` ${org.id} · ${org.primaryDomain} · ${counted(org.metadata.length, "key")} · sequence ${org.sequence}`),
        metadataTable(org.metadata),
        userList(org.users ?? []),
      ),
    ),
  );
};

const describeEffect = (rule) =>
  [
    rule.delayMs === undefined ? undefined : `delay ${typeof rule.delayMs === "number" ? rule.delayMs : `${rule.delayMs.min}-${rule.delayMs.max}`} ms`,
    rule.error === undefined ? undefined : `error ${rule.error.id ?? `${rule.error.code} ${rule.error.message}`}`,
    rule.drop ? "drop" : undefined,
    rule.probability === undefined ? undefined : `p=${rule.probability}`,
  ]
    .filter(Boolean)
    .join(", ");

const renderFaults = ({ faults }) => {
  $("#faults tbody").replaceChildren(
    ...faults.map((rule) => {
      const remove = el("button", { type: "button", "data-remove": rule.id }, "Remove");
      remove.addEventListener("click", () => act(() => call("DELETE", `/faults/${encodeURIComponent(rule.id)}`), `rule ${rule.id} removed`));
      const match = Object.entries(rule.match ?? {}).map(([k, v]) => `${k}=${v}`).join(" ") || "every call";
      return el("tr", {}, el("td", {}, rule.id), el("td", {}, match), el("td", {}, describeEffect(rule)), el("td", {}, rule.times === undefined ? "∞" : String(rule.times)), el("td", {}, remove));
    }),
  );
};

const journalRow = (entry) =>
  el(
    "tr",
    { "data-id": entry.id, class: entry.httpStatus >= 400 || entry.httpStatus === 0 ? "failed" : "" },
    el("td", {}, entry.id),
    el("td", {}, time(entry.time)),
    el("td", {}, entry.transport),
    el("td", { title: `${entry.method} ${entry.path}` }, entry.rpc ?? `${entry.method} ${entry.path}`,
      entry.request?.id ? el("span", { class: "req-user" }, ` user ${entry.request.id}`) : undefined,
      entry.request?.key ? el("span", { class: "req-key" }, ` ${entry.request.key}`) : undefined,
    ),
    el("td", {}, entry.orgId ?? ""),
    el("td", {}, entry.httpStatus === 0 ? "dropped" : `${entry.httpStatus}${entry.grpcCode ? ` / ${entry.grpcCode}` : ""}`),
    el("td", {}, entry.errorId ?? ""),
    el("td", { class: "num" }, entry.durationMs.toFixed(1)),
  );

const refreshJournal = async () => {
  const { requests } = await call("GET", `/requests?since=${lastJournalId}`);
  if (requests.length === 0) return false;
  lastJournalId = requests.at(-1).id;
  const body = $("#journal tbody");
  body.prepend(...requests.reverse().map(journalRow));
  while (body.children.length > 500) body.lastChild.remove();
  return true;
};

const refresh = async () => {
  const [orgs, faults] = await Promise.all([call("GET", "/orgs"), call("GET", "/faults")]);
  renderOrgs(orgs);
  renderFaults(faults);
};

const reloadJournal = async () => {
  lastJournalId = "0";
  $("#journal tbody").replaceChildren();
  await refreshJournal();
};

const act = async (action, done) => {
  try {
    await action();
    await refresh();
    say(done);
  } catch (error) {
    say(error.message, true);
  }
};

$("#reset").addEventListener("click", () => act(async () => (await call("POST", "/reset"), reloadJournal()), "reset to the fixture"));
$("#clear-journal").addEventListener("click", () => act(async () => (await call("DELETE", "/requests"), reloadJournal()), "journal cleared"));
$("#download").addEventListener("click", () =>
  act(async () => {
    const state = await call("GET", "/state");
    const link = el("a", { href: URL.createObjectURL(new Blob([JSON.stringify(state, null, 2)], { type: "application/json" })), download: "zitadel-mock-state.json" });
    link.click();
    URL.revokeObjectURL(link.href);
  }, "state downloaded"),
);
$("#add-fault").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const value = (name) => String(form.get(name) ?? "").trim();
  const match = Object.fromEntries(["rpc", "transport", "orgId", "userId", "key"].map((name) => [name, value(name)]).filter(([, v]) => v !== ""));
  const rule = {
    ...(Object.keys(match).length > 0 ? { match } : {}),
    ...(value("delayMs") ? { delayMs: Number(value("delayMs")) } : {}),
    ...(value("errorId") ? { error: { id: value("errorId") } } : {}),
    ...(form.get("drop") ? { drop: true } : {}),
    ...(value("times") ? { times: Number(value("times")) } : {}),
  };
  act(async () => {
    const created = await call("POST", "/faults", rule);
    event.target.reset();
    return created;
  }, "rule added");
});

const poll = async () => {
  if ($("#live").checked) {
    try {
      if (await refreshJournal()) await refresh();
    } catch (error) {
      say(error.message, true);
    }
  }
  setTimeout(poll, 1000);
};

act(async () => {
  await reloadJournal();
}, "").then(poll);
