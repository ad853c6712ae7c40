// Organisation screens of the administration page: stores and tills (#/stores) and the
// organisation settings (#/settings), over /admin/realms/{realm}/stores, /tills and
// /organisation-settings. Loaded after app.js, whose TillAdmin registry it uses.
"use strict";

(function () {
  const { $, show, error, adminApi, route } = window.TillAdmin;
  let stores = [];
  let resetting = null; // the till whose password is being reset

  function text(tag, value, className) {
    const node = document.createElement(tag);
    node.textContent = value == null ? "" : value;
    if (className) node.className = className;
    return node;
  }

  function button(label, onClick, className) {
    const b = text("button", label, className);
    b.type = "button";
    b.addEventListener("click", () => Promise.resolve(onClick()).catch((e) => error(e.message)));
    return b;
  }

  function done(id, message) {
    $(id).textContent = message;
  }

  // ---- stores and tills ---------------------------------------------------------------------
  async function showStores() {
    stores = await adminApi("GET", "/stores");
    const rows = $("o-store-rows");
    rows.replaceChildren();
    stores.forEach((s) => {
      const tr = document.createElement("tr");
      tr.dataset.store = s.code;
      const code = document.createElement("td");
      code.appendChild(text("code", s.code));
      tr.append(code, text("td", s.name), text("td", String(s.tills)));
      const actions = document.createElement("td");
      actions.className = "actions-cell";
      actions.appendChild(button("Show tills", () => { $("o-till-filter").value = s.code; return showTills(); }));
      tr.appendChild(actions);
      rows.appendChild(tr);
    });
    $("o-no-stores").hidden = stores.length > 0;
    fillStoreSelect($("o-till-filter"), "all stores");
    fillStoreSelect($("o-till-store"), "Select a store");
    await showTills();
    show("view-stores");
  }

  function fillStoreSelect(select, emptyLabel) {
    const current = select.value;
    select.replaceChildren(new Option(emptyLabel, ""));
    stores.forEach((s) => select.appendChild(new Option(s.name ? s.code + " · " + s.name : s.code, s.code)));
    select.value = stores.some((s) => s.code === current) ? current : "";
  }

  async function showTills() {
    const filter = $("o-till-filter").value;
    const tills = await adminApi("GET", "/tills" + (filter ? "?store=" + encodeURIComponent(filter) : ""));
    const rows = $("o-till-rows");
    rows.replaceChildren();
    tills.forEach((t) => rows.appendChild(tillRow(t)));
    $("o-no-tills").hidden = tills.length > 0;
  }

  function tillRow(t) {
    const tr = document.createElement("tr");
    tr.dataset.till = t.code;
    const code = document.createElement("td");
    code.appendChild(text("code", t.code));
    (t.problems || []).forEach((p) => code.appendChild(text("span", "⚠ " + p, "problem")));
    const store = document.createElement("td");
    const move = document.createElement("select");
    move.className = "move";
    move.setAttribute("aria-label", "Store of " + t.code);
    stores.forEach((s) => move.appendChild(new Option(s.code, s.code)));
    move.value = t.store || "";
    move.addEventListener("change", () => moveTill(t, move.value).catch((e) => error(e.message)));
    store.appendChild(move);
    const password = { "md5-prehash": "set", "legacy-md5": "legacy MD5 (upgraded at first login)", unusable: "unusable", none: "none" };
    tr.append(code, store, text("td", t.enabled ? "enabled" : "disabled", t.enabled ? "" : "off"), text("td", password[t.password] || t.password));
    const actions = document.createElement("td");
    actions.className = "actions-cell";
    actions.append(
      button(t.enabled ? "Disable" : "Enable", () => setEnabled(t, !t.enabled), t.enabled ? "danger toggle" : "toggle"),
      button("Reset password", () => startReset(t), "reset"));
    tr.appendChild(actions);
    return tr;
  }

  async function setEnabled(t, enabled) {
    error("");
    await adminApi("PUT", "/tills/" + encodeURIComponent(t.code), { enabled });
    done("o-stores-done", "Till " + t.code + (enabled ? " enabled." : " disabled: its next login is refused."));
    await showStores();
  }

  async function moveTill(t, store) {
    error("");
    await adminApi("PUT", "/tills/" + encodeURIComponent(t.code), { store });
    done("o-stores-done", "Till " + t.code + " moved to store " + store + ".");
    await showStores();
  }

  function startReset(t) {
    error("");
    resetting = t;
    $("o-reset-title").textContent = "Reset password of till " + t.code;
    $("o-reset-secret").value = "";
    $("o-reset").hidden = false;
    $("o-reset-secret").focus();
  }

  async function saveReset() {
    error("");
    const body = {};
    body[$("o-reset-kind").value] = $("o-reset-secret").value;
    await adminApi("PUT", "/tills/" + encodeURIComponent(resetting.code) + "/password", body);
    done("o-stores-done", "Password of till " + resetting.code + " changed.");
    $("o-reset-secret").value = "";
    $("o-reset").hidden = true;
    resetting = null;
  }

  async function addStore(event) {
    event.preventDefault();
    error("");
    const created = await adminApi("POST", "/stores", { code: $("o-store-code").value.trim(), name: $("o-store-name").value.trim() });
    $("o-store-form").reset();
    await showStores();
    done("o-stores-done", "Store " + created.code + " added.");
  }

  async function addTill(event) {
    event.preventDefault();
    error("");
    const body = { code: $("o-till-code").value.trim(), store: $("o-till-store").value };
    body[$("o-till-kind").value] = $("o-till-secret").value;
    const created = await adminApi("POST", "/tills", body);
    $("o-till-form").reset();
    kindChanged();
    await showStores();
    done("o-stores-done", "Till " + created.code + " added to store " + created.store + ".");
  }

  function kindChanged() {
    const digest = $("o-till-kind").value === "md5Digest";
    $("o-till-secret-label").firstChild.textContent = digest ? "MD5 digest " : "Password ";
    $("o-till-secret").type = digest ? "text" : "password";
    $("o-till-digest").textContent = digest
      ? "The 32 hexadecimal characters the POS sends; it is stored only as an Argon2 hash."
      : "The POS logs in with the MD5 hex digest of this password.";
  }

  // ---- settings -----------------------------------------------------------------------------
  let settings = null;

  async function showSettings() {
    settings = await adminApi("GET", "/organisation-settings");
    renderSettings();
    show("view-settings");
  }

  function renderSettings() {
    const on = settings.basicAuthentication;
    $("o-basic-state").textContent = on ? "On" : "Off";
    $("o-basic-state").className = "badge " + (on ? "on" : "off");
    $("o-basic-toggle").textContent = on ? "Turn off" : "Turn on";
    $("o-ceiling-current").textContent = settings.tokenLifespanCeilingText || "none (no ceiling configured)";
    const compact = settings.tokenLifespanCeiling || settings.recommendedMaximum;
    $("o-ceiling-amount").value = parseInt(compact, 10);
    $("o-ceiling-unit").value = compact.slice(-1);
    ceilingChanged();
    const list = $("o-settings-warnings");
    list.replaceChildren();
    // The banner above says "not recommended" while a value is typed; list only the other warnings.
    (settings.warnings || []).filter((w) => !/not recommended/.test(w)).forEach((w) => list.appendChild(text("li", w)));
    const clamped = settings.apiClientsAboveCeiling || [];
    const rows = $("o-clamped");
    rows.replaceChildren();
    clamped.forEach((c) => {
      const tr = document.createElement("tr");
      const key = document.createElement("td");
      key.appendChild(text("code", c.clientKey));
      tr.append(text("td", c.name), key, text("td", c.tokenExpiry + " (clamped at issue)"));
      rows.appendChild(tr);
    });
    $("o-clamped-box").hidden = clamped.length === 0;
  }

  function ceilingChanged() {
    const seconds = { m: 60, h: 3600, d: 86400 }[$("o-ceiling-unit").value] * Number($("o-ceiling-amount").value);
    $("o-ceiling-warning").hidden = !(seconds > 3600);
  }

  async function toggleBasic() {
    error("");
    settings = await adminApi("PUT", "/organisation-settings", { basicAuthentication: !settings.basicAuthentication });
    renderSettings();
    done("o-settings-done", "Basic authentication is now " + (settings.basicAuthentication ? "on" : "off") + "; effective at the next till login.");
  }

  async function saveCeiling() {
    error("");
    const value = $("o-ceiling-amount").value + $("o-ceiling-unit").value;
    settings = await adminApi("PUT", "/organisation-settings", { tokenLifespanCeiling: value });
    renderSettings();
    done("o-settings-done", "Token lifespan ceiling is now " + settings.tokenLifespanCeilingText + "; effective for the next token.");
  }

  route("stores", () => { done("o-stores-done", ""); $("o-reset").hidden = true; return showStores(); });
  route("settings", () => { done("o-settings-done", ""); return showSettings(); });

  document.addEventListener("DOMContentLoaded", () => {
    const guard = (f) => (e) => Promise.resolve(f(e)).catch((x) => error(x.message));
    $("o-store-form").addEventListener("submit", guard(addStore));
    $("o-till-form").addEventListener("submit", guard(addTill));
    $("o-till-filter").addEventListener("change", guard(() => { error(""); return showTills(); }));
    $("o-till-kind").addEventListener("change", kindChanged);
    $("o-reset-save").addEventListener("click", guard(saveReset));
    $("o-reset-cancel").addEventListener("click", () => { $("o-reset").hidden = true; resetting = null; });
    $("o-basic-toggle").addEventListener("click", guard(toggleBasic));
    $("o-ceiling-save").addEventListener("click", guard(saveCeiling));
    $("o-ceiling-amount").addEventListener("input", ceilingChanged);
    $("o-ceiling-unit").addEventListener("change", ceilingChanged);
    kindChanged();
  });
})();
