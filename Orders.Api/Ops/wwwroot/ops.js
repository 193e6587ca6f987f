// The operations console: one page, a view per hash (#orders, #order/<id>, #failed, #pipeline, #audit), each drawn from
// its JSON API under /ops/api and redrawn on a short poll. Text is always set as text, never parsed as markup.
"use strict";

const statuses = ["Submitted", "Paid", "Shipped", "Completed", "Cancelled"];
const reasons = ["payment_declined", "payment_timeout", "shipment_failed", "cancelled_by_customer"];
const view = document.getElementById("view");
const message = document.getElementById("message");
const updated = document.getElementById("updated");
let timer = null;
let drawn = null;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function table(headings, rows, empty) {
  if (rows.length === 0) return el("p", { class: "empty" }, empty);
  return el("table", {}, el("thead", {}, el("tr", {}, headings.map(h => el("th", { scope: "col" }, h)))), el("tbody", {}, rows));
}

const when = value => value ? new Date(value).toLocaleString() : "–";
const age = seconds => seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;

async function api(path, options) {
  const response = await fetch(`/ops/api/${path}`, { credentials: "same-origin", ...options });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error(body?.detail || body?.title || `${response.status} ${response.statusText}`);
  return body;
}

async function act(path, reason) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reason }) });
}

function say(text) { message.textContent = text; }

// ---------------------------------------------------------------- orders, live
const filters = { status: "", reason: "", search: "" };

function ordersForm() {
  const option = (value, label, selected) => el("option", { value, selected: selected === value }, label);
  const changed = event => { filters[event.target.name] = event.target.value; refresh(); };
  return el("form", { class: "filters", role: "search", onsubmit: e => e.preventDefault() },
    el("label", {}, "Status", el("select", { name: "status", onchange: changed },
      option("", "All", filters.status), statuses.map(s => option(s, s, filters.status)))),
    el("label", {}, "Cancellation reason", el("select", { name: "reason", onchange: changed },
      option("", "Any", filters.reason), reasons.map(r => option(r, r, filters.reason)))),
    el("label", {}, "Order id", el("input", { name: "search", type: "search", value: filters.search, placeholder: "id or its first characters", oninput: changed })));
}

async function drawOrders(body) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const live = await api(`orders${query ? "?" + query : ""}`);
  const counts = el("ul", { class: "counts", "aria-label": "Orders per status" },
    statuses.map(s => el("li", { "data-status": s }, `${s}: `, el("strong", {}, live.counts[s] ?? 0))),
    el("li", { class: live.stuck > 0 ? "stuck" : null, "data-status": "stuck" }, `Stuck over ${live.stuckAfter}: `, el("strong", {}, live.stuck)));
  const rows = live.orders.map(o => el("tr", { class: o.stuck ? "stuck" : null, "data-order-id": o.id },
    el("td", { class: "mono" }, el("a", { href: `#order/${o.id}` }, o.id)),
    el("td", { class: `status status-${o.status}` }, o.status, o.stuck ? " (stuck)" : ""),
    el("td", {}, o.cancellationReason ?? ""),
    el("td", {}, o.customerId),
    el("td", {}, age(o.ageSeconds)),
    el("td", {}, when(o.createdAt))));
  body.replaceChildren(counts, table(["Order", "Status", "Cancellation reason", "Customer", "In this status for", "Placed"], rows, "No orders match."));
}

// ---------------------------------------------------------------- one order
async function drawOrder(body, id) {
  const o = await api(`orders/${encodeURIComponent(id)}`);
  const facts = pairs => el("dl", { class: "facts" }, pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v ?? "–")]));
  const trace = o.traceId ? (o.traceUrl ? el("a", { href: o.traceUrl, target: "_blank", rel: "noopener" }, o.traceId) : el("span", { class: "mono" }, o.traceId)) : null;
  body.replaceChildren(
    el("dl", { class: "facts" }, [
      ["Status", el("span", { class: `status-${o.status}`, id: "order-status" }, o.status + (o.stuck ? " (stuck)" : ""))],
      ["Cancellation reason", o.cancellationReason], ["Customer", o.customerId], ["Total", `${o.total} ${o.currency}`],
      ["Placed", when(o.createdAt)], ["Trace", trace]].flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v ?? "–")])),
    el("h2", {}, "Timeline"),
    el("ol", { class: "timeline", id: "timeline" }, o.timeline.map(t => el("li", {}, el("strong", {}, t.status), ` ${when(t.at)}`, t.detail ? ` – ${t.detail}` : ""))),
    el("div", { class: "grid" },
      el("section", {}, el("h2", {}, "Saga"), o.saga ? facts([["State", o.saga.state], ["Updated", when(o.saga.updatedAt)],
        ["Payment timeout due", o.saga.paymentTimeoutDueAt ? when(o.saga.paymentTimeoutDueAt) : "none scheduled"]]) : el("p", { class: "empty" }, "The saga has not taken the order in.")),
      el("section", {}, el("h2", {}, "Payment"), o.payment ? facts([["Status", o.payment.status], ["Payment id", o.payment.paymentId],
        ["Decline reason", o.payment.declineReason], ["Amount", `${o.payment.amount} ${o.payment.currency}`],
        ["Refund", o.payment.refundId ? `${o.payment.refundId} (${o.payment.refundedAmount}) ${when(o.payment.refundedAt)}` : "none"]]) : el("p", { class: "empty" }, "No payment.")),
      el("section", {}, el("h2", {}, "Shipment"), o.shipment ? facts([["Tracking number", o.shipment.trackingNumber],
        ["Failure", o.shipment.failureReason], ["Country", o.shipment.country], ["At", when(o.shipment.createdAt)]]) : el("p", { class: "empty" }, "No shipment.")),
      el("section", {}, el("h2", {}, "Reservation"), o.reservation ? facts([["Status", o.reservation.status],
        ["Lines", o.reservation.lines.map(l => `${l.sku} × ${l.quantity}`).join(", ")], ["Expires", when(o.reservation.expiresAt)]]) : el("p", { class: "empty" }, "No reservation."))));
  if (!["Completed", "Cancelled"].includes(o.status)) body.append(cancelForm(o.id));
}

function cancelForm(id) {
  const reason = el("textarea", { id: "cancel-reason", name: "reason", rows: 2, required: true });
  return el("form", { class: "action", "aria-label": "Force-cancel", onsubmit: async event => {
    event.preventDefault();
    try { const result = await act(`orders/${id}/cancel`, reason.value); say(`Force-cancel: ${result.outcome}`); refresh(); }
    catch (error) { say(`Force-cancel refused: ${error.message}`); }
  } }, el("label", { for: "cancel-reason" }, "Why cancel this order (kept in the audit log)", reason),
    el("button", { type: "submit", class: "danger" }, "Force-cancel"));
}

// ---------------------------------------------------------------- failed messages
let actionReason = "";

async function drawFailed(body) {
  const queues = await api("failed");
  const reason = el("input", { id: "failed-reason", name: "reason", value: actionReason, oninput: e => { actionReason = e.target.value; } });
  const run = async (path, label) => {
    try { const result = await act(path, actionReason); say(`${label}: ${result.outcome}`); refresh(); }
    catch (error) { say(`${label} refused: ${error.message}`); }
  };
  const sections = queues.map(q => el("section", { "data-queue": q.queue },
    el("h2", {}, `${q.queue} (${q.messages}) → ${q.originalQueue}`),
    q.messages > 0 ? el("button", { type: "button", class: "secondary", onclick: () => run(`failed/${encodeURIComponent(q.queue)}/redrive`, `Redrive all of ${q.queue}`) }, `Redrive all ${q.messages}`) : null,
    table(["Message", "Type", "Order", "Exception", "Failed", "Actions"], q.sample.map(m => el("tr", { "data-message-id": m.messageId },
      el("td", { class: "mono" }, m.messageId),
      el("td", {}, m.messageType ?? "unknown"),
      el("td", { class: "mono" }, m.orderId ? el("a", { href: `#order/${m.orderId}` }, m.orderId) : "–"),
      el("td", {}, m.exceptionType ? `${m.exceptionType}: ` : "", m.exception ?? ""),
      el("td", {}, when(m.failedAt)),
      el("td", {},
        el("button", { type: "button", onclick: () => run(`failed/${encodeURIComponent(q.queue)}/messages/${encodeURIComponent(m.messageId)}/redrive`, "Redrive"), "aria-label": `Redrive ${m.messageId}` }, "Redrive"), " ",
        el("button", { type: "button", class: "danger", onclick: () => run(`failed/${encodeURIComponent(q.queue)}/messages/${encodeURIComponent(m.messageId)}/discard`, "Discard"), "aria-label": `Discard ${m.messageId}` }, "Discard")))),
    "No failed messages.")));
  const focused = document.activeElement?.id === "failed-reason";
  body.replaceChildren(el("div", { class: "action" }, el("label", { for: "failed-reason" }, "Reason for redrive or discard (kept in the audit log)", reason)),
    ...(sections.length ? sections : [el("p", { class: "empty" }, "No error queues.")]));
  if (focused) reason.focus();
}

// ---------------------------------------------------------------- pipeline and audit
async function drawPipeline(body) {
  const p = await api("pipeline");
  body.replaceChildren(...[
    el("h2", {}, "Outboxes"),
    table(["Service", "Schema", "Pending", "Oldest pending", "Scheduled due soon"], p.outboxes.map(o => el("tr", { "data-schema": o.schema },
      el("td", {}, o.service), el("td", {}, o.schema), el("td", {}, o.pending),
      el("td", {}, o.oldestPendingAgeSeconds === null ? "–" : age(o.oldestPendingAgeSeconds)),
      el("td", {}, o.dueSoon.length ? o.dueSoon.map(d => `${d.messageType ?? "?"} at ${when(d.dueAt)}`).join("; ") : "none"))), "No outboxes."),
    el("h2", {}, "Queues"),
    p.queuesError ? el("p", { class: "error" }, `RabbitMQ's management API: ${p.queuesError}`) : null,
    table(["Queue", "Messages", "Ready", "Unacknowledged", "Consumers"], p.queues.map(q => el("tr", { "data-queue": q.name },
      el("td", {}, q.name), el("td", {}, q.messages), el("td", {}, q.ready), el("td", {}, q.unacknowledged), el("td", {}, q.consumers))), "No queues.")]
    .filter(node => node !== null));
}

async function drawAudit(body) {
  const entries = await api("audit");
  body.replaceChildren(table(["When", "Who", "Action", "On", "Why", "Outcome"], entries.map(e => el("tr", { "data-audit-id": e.id },
    el("td", {}, when(e.at)), el("td", {}, e.actor), el("td", {}, e.action), el("td", { class: "mono" }, e.target), el("td", {}, e.reason), el("td", {}, e.outcome))),
    "No actions yet."));
}

// ---------------------------------------------------------------- routing and polling
const views = {
  orders: { title: "Orders, live", every: 1000, draw: drawOrders, top: ordersForm },
  order: { title: "Order", every: 1000, draw: drawOrder },
  failed: { title: "Failed messages", every: 3000, draw: drawFailed },
  pipeline: { title: "Pipeline", every: 2000, draw: drawPipeline },
  audit: { title: "Audit log", every: 3000, draw: drawAudit },
};

function route() {
  const [name, argument] = (location.hash.slice(1) || "orders").split("/");
  return { name: views[name] ? name : "orders", argument: argument ? decodeURIComponent(argument) : null };
}

async function refresh() {
  const { name, argument } = route();
  const current = views[name];
  const key = `${name}/${argument}`;
  if (drawn !== key) {
    drawn = key;
    const heading = el("h2", { id: "view-title" }, argument ? `${current.title} ${argument}` : current.title);
    view.replaceChildren(heading, current.top ? current.top() : "", el("div", { id: "view-body" }));
    document.title = `${current.title} – Orders operations`;
    for (const link of document.querySelectorAll("nav a")) link.toggleAttribute("aria-current", link.getAttribute("href") === `#${name}`);
    document.querySelector(`nav a[href="#${name}"]`)?.setAttribute("aria-current", "page");
  }
  clearTimeout(timer);
  try {
    await current.draw(document.getElementById("view-body"), argument);
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    updated.textContent = `Not updated: ${error.message}`;
  }
  timer = setTimeout(refresh, current.every);
}

window.addEventListener("hashchange", () => { say(""); refresh(); view.focus(); });
refresh();
