// Audit trail screen: the organisation's recent changes (GET /organisation-audit, Keycloak's admin
// events described by the server), filterable and paged; says when admin events are off and turns
// them on (Keycloak's own PUT /events/config, which needs manage-events).
"use strict";

(function () {
  const T = window.TillAdmin;
  const { $, el, cell, row: tableRow, say, clear } = window.TillDom;
  const PAGE = 50;
  const OPERATIONS = { CREATE: "Created", UPDATE: "Changed", DELETE: "Deleted", ACTION: "Action" };
  const FIELDS = { basicAuthentication: "Basic authentication", tokenLifespanCeiling: "Token lifespan ceiling" };
  let first = 0;

  function filters() {
    const params = new URLSearchParams({ first: String(first), max: String(PAGE) });
    [["area", "a-area"], ["operation", "a-operation"], ["user", "a-user"], ["from", "a-from"], ["to", "a-to"]]
      .forEach(([name, id]) => { const v = $(id).value.trim(); if (v) params.set(name, v); });
    return params;
  }

  function when(ms) {
    return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "");
  }

  function who(w) {
    if (!w || (!w.username && !w.userId)) return "—";
    return (w.username || w.userId) + (w.realm ? " (" + w.realm + ")" : "");
  }

  function value(field, v) {
    if (v == null) return "—";
    if (field === "basicAuthentication") return v === "true" ? "on" : "off";
    return v;
  }

  function changes(e) {
    const td = cell(null, "Before → after", "a-changes");
    if (!e.changes || e.changes.length === 0) {
      td.textContent = e.error ? "failed: " + e.error : "—";
      return td;
    }
    e.changes.forEach((c) => {
      td.appendChild(el("div", null, (FIELDS[c.field] || c.field) + ": " + value(c.field, c.before) + " → " + value(c.field, c.after)));
    });
    return td;
  }

  async function load() {
    T.error("");
    say("a-msg", "");
    let page;
    try {
      page = await T.adminApi("GET", "/organisation-audit?" + filters());
    } catch (e) {
      if (e.status === 400) {
        say("a-msg", e.message, "bad");
        T.show("view-audit");
        return;
      }
      throw e;
    }
    $("a-off").hidden = page.adminEventsEnabled;
    const rows = $("a-rows");
    rows.replaceChildren();
    page.events.forEach((e) => {
      const tr = tableRow("a-row");
      tr.appendChild(cell(when(e.time), "When (UTC)"));
      tr.appendChild(cell(who(e.who), "Who"));
      tr.appendChild(cell(OPERATIONS[e.operation] || e.operation, "Change"));
      tr.appendChild(cell(e.object, "What"));
      tr.appendChild(changes(e));
      rows.appendChild(tr);
    });
    $("a-none").hidden = page.events.length > 0;
    $("a-count").textContent = page.events.length === 0 ? "" :
      "Changes " + (page.first + 1) + "–" + (page.first + page.events.length) + (page.more ? " (more on the next page)" : "");
    $("a-prev").disabled = page.first === 0;
    $("a-next").disabled = !page.more;
    T.show("view-audit");
  }

  async function showAudit() {
    clear("view-audit");
    first = 0;
    await load();
  }

  // Keycloak's events config is one document: read it, switch admin events (and their details) on,
  // write it back whole, so the login-event settings stay as they were.
  async function turnOn() {
    say("a-turn-on-msg", "");
    try {
      const config = await T.adminApi("GET", "/events/config");
      config.adminEventsEnabled = true;
      config.adminEventsDetailsEnabled = true;
      await T.adminApi("PUT", "/events/config", config);
      await load();
      say("a-msg", "Admin events are on: changes from now on are recorded.", "ok");
    } catch (e) {
      say("a-turn-on-msg", e.status === 403
        ? "Your Keycloak admin role cannot change the events settings (it needs manage-events)." : e.message, "bad");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("a-filters").addEventListener("submit", (event) => {
      event.preventDefault();
      first = 0;
      load().catch((e) => T.error(e.message));
    });
    $("a-prev").addEventListener("click", () => { first = Math.max(0, first - PAGE); load().catch((e) => T.error(e.message)); });
    $("a-next").addEventListener("click", () => { first += PAGE; load().catch((e) => T.error(e.message)); });
    $("a-turn-on").addEventListener("click", turnOn);
  });

  T.route("audit", showAudit);
})();
