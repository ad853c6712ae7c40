// Organisation screens of the administration page: stores and tills (#/stores) and the
// organisation settings (#/settings), over /admin/realms/{realm}/stores, /tills and
// /organisation-settings. Loaded after app.js, whose TillAdmin registry it uses.
"use strict";

(function () {
  const { $, show, error, adminApi, adminFetch, jsonOf, failure, route } = window.TillAdmin;
  const PAGE = 100; // rows per page of both lists
  const SUGGESTIONS = 20; // stores offered while a store is typed
  const MAX_IMPORT_BYTES = 8 * 1024 * 1024; // the server refuses larger files (413)
  const SHOWN_ERRORS = 500; // rows of an import report drawn in the table
  const numbers = new Intl.NumberFormat("en-GB");
  const enc = encodeURIComponent;

  // What each list shows (its page and filters at the last successful load, and the total) and
  // what was last asked for: the next request starts from that, so a request that a newer one
  // overtook still counts. seq drops answers that arrive after a newer request (typing outruns
  // the server); a refused request (an unknown store) falls back to what is shown.
  const storeList = { first: 0, total: 0, search: "", seq: 0, wanted: null };
  const tillList = { first: 0, total: 0, search: "", store: "", enabled: "", seq: 0, wanted: null };

  async function load(list, changes, fields, fetchPage) {
    const base = list.wanted || list;
    const next = {};
    fields.forEach((f) => (next[f] = base[f]));
    Object.assign(next, changes);
    list.wanted = next;
    const seq = ++list.seq;
    let result;
    try {
      result = await fetchPage(next);
    } catch (e) {
      if (seq !== list.seq) return null; // overtaken: its error no longer applies
      list.wanted = null;
      throw e;
    }
    if (seq !== list.seq) return null;
    list.wanted = null;
    return { next, result };
  }
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

  // ---- messages: beside the control that caused them; a new action clears the old ones --------
  function say(target, message, bad) {
    const node = typeof target === "string" ? $(target) : target;
    node.textContent = message || "";
    node.classList.toggle("bad", Boolean(message) && Boolean(bad));
    node.classList.toggle("ok", Boolean(message) && !bad);
  }

  function clearMessages() {
    error("");
    document.querySelectorAll("#view-stores .msg").forEach((m) => say(m, ""));
  }

  // On the row of the list when it is still shown, else on the list.
  function sayOnRow(rowSelector, listMessage, message, bad) {
    const row = document.querySelector(rowSelector);
    say(row ? row.querySelector(".actions-cell .msg") : listMessage, message, bad);
  }

  function rowSelector(tbody, attribute, value) {
    return "#" + tbody + " tr[" + attribute + "=\"" + CSS.escape(value) + "\"]";
  }

  // ---- lists: one page at a time, with the total from X-Total-Count ----------------------------
  function query(params) {
    const q = new URLSearchParams();
    Object.keys(params).forEach((k) => {
      if (params[k] !== "" && params[k] != null) q.set(k, String(params[k]));
    });
    const s = q.toString();
    return s ? "?" + s : "";
  }

  async function listPage(path, params) {
    const response = await adminFetch("GET", path + query(params));
    const json = await jsonOf(response);
    if (!response.ok) throw failure(response, json);
    const items = Array.isArray(json) ? json : [];
    const total = Number(response.headers.get("X-Total-Count"));
    return { items, total: Number.isFinite(total) && response.headers.has("X-Total-Count") ? total : items.length };
  }

  // The search boxes find their text anywhere (code or name), unless the user typed a * already.
  function anywhere(term) {
    const t = term.trim();
    if (!t) return "";
    return t.includes("*") ? t : "*" + t + "*";
  }

  function countLine(first, shown, total, one, many) {
    if (total === 0 || shown === 0) return "";
    return numbers.format(first + 1) + "–" + numbers.format(first + shown) + " of " + numbers.format(total) + " " + (total === 1 ? one : many);
  }

  function pager(prev, next, state) {
    $(prev).disabled = state.first === 0;
    $(next).disabled = state.first + PAGE >= state.total;
  }

  function debounce(f, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => f(...args), ms);
    };
  }

  // ---- stores -------------------------------------------------------------------------------
  async function loadStores(changes) {
    const loaded = await load(storeList, changes, ["first", "search"],
      (next) => listPage("/stores", { first: next.first, max: PAGE, search: anywhere(next.search) }));
    if (!loaded) return;
    const { next, result } = loaded;
    if (result.items.length === 0 && next.first > 0 && result.total > 0) {
      // The page emptied (deletes): show the last page that has stores.
      return loadStores({ first: Math.floor((result.total - 1) / PAGE) * PAGE, search: next.search });
    }
    Object.assign(storeList, next, { total: result.total });
    const rows = $("o-store-rows");
    rows.replaceChildren();
    result.items.forEach((s) => rows.appendChild(storeRow(s)));
    $("o-store-count").textContent = countLine(storeList.first, result.items.length, result.total, "store", "stores");
    $("o-no-stores").textContent = storeList.search.trim() ? "No store matches \u201c" + storeList.search.trim() + "\u201d." : "No stores yet: add the first one.";
    $("o-no-stores").hidden = result.items.length > 0;
    pager("o-stores-prev", "o-stores-next", storeList);
  }

  function storeRow(s) {
    const tr = document.createElement("tr");
    tr.dataset.store = s.code;
    const code = document.createElement("td");
    code.appendChild(text("code", s.code));
    tr.append(code, text("td", s.name), text("td", numbers.format(s.tills)));
    const actions = document.createElement("td");
    actions.className = "actions-cell";
    actions.append(
      button("Show tills", () => showTillsOf(s.code), "show-tills"),
      button("Delete", () => deleteStore(s), "danger delete"),
      text("span", "", "msg"));
    tr.appendChild(actions);
    return tr;
  }

  async function showTillsOf(code) {
    clearMessages();
    $("o-till-filter").value = code;
    try {
      await loadTills({ first: 0, store: code });
    } catch (e) {
      say("o-filter-msg", e.message, true);
      return;
    }
    $("o-tills-heading").scrollIntoView({ block: "start" });
  }

  async function deleteStore(s) {
    clearMessages();
    if (!confirm("Delete store " + s.code + "? Only an empty store can be deleted.")) return;
    const row = rowSelector("o-store-rows", "data-store", s.code);
    try {
      await adminApi("DELETE", "/stores/" + enc(s.code));
    } catch (e) {
      sayOnRow(row, "o-store-msg", e.message, true);
      return;
    }
    if (tillList.store.toLowerCase() === s.code.toLowerCase()) {
      $("o-till-filter").value = "";
      await loadTills({ first: 0, store: "" });
    }
    await loadStores();
    say("o-store-msg", "Store " + s.code + " deleted.");
  }

  async function addStore(event) {
    event.preventDefault();
    clearMessages();
    const code = $("o-store-code").value.trim();
    const name = $("o-store-name").value.trim();
    if (!code || !name) {
      say("o-store-add-msg", "Type the store code and its name.", true);
      return;
    }
    let created;
    try {
      created = await adminApi("POST", "/stores", { code, name });
    } catch (e) {
      say("o-store-add-msg", e.message, true);
      return;
    }
    $("o-store-form").reset();
    await loadStores();
    say("o-store-add-msg", "Store " + created.code + " added.");
  }

  // ---- store fields: a text input with suggestions from the server ---------------------------
  let suggestSeq = 0;
  const suggestStores = debounce(async (typed) => {
    const seq = ++suggestSeq;
    try {
      const result = await listPage("/stores", { max: SUGGESTIONS, search: typed ? typed + "*" : "" });
      if (seq !== suggestSeq) return;
      $("o-store-options").replaceChildren(...result.items.map((s) => {
        const option = document.createElement("option");
        option.value = s.code;
        if (s.name) option.label = s.name;
        return option;
      }));
    } catch (e) {
      // Suggestions only: the field is checked by the server when it is used.
    }
  }, 200);

  // ---- tills --------------------------------------------------------------------------------
  async function loadTills(changes) {
    const loaded = await load(tillList, changes, ["first", "search", "store", "enabled"], (next) => listPage("/tills", {
      first: next.first, max: PAGE, search: anywhere(next.search), store: next.store.trim(), enabled: next.enabled,
    }));
    if (!loaded) return;
    const { next, result } = loaded;
    if (result.items.length === 0 && next.first > 0 && result.total > 0) {
      return loadTills(Object.assign({}, next, { first: Math.floor((result.total - 1) / PAGE) * PAGE }));
    }
    Object.assign(tillList, next, { total: result.total });
    const rows = $("o-till-rows");
    rows.replaceChildren();
    result.items.forEach((t) => rows.appendChild(tillRow(t)));
    let count = countLine(tillList.first, result.items.length, result.total, "till", "tills");
    if (count && tillList.store.trim()) count += " of store " + tillList.store.trim();
    $("o-till-count").textContent = count;
    const filtered = tillList.search.trim() || tillList.store.trim() || tillList.enabled;
    $("o-no-tills").textContent = filtered ? "No till matches these filters." : "No tills yet.";
    $("o-no-tills").hidden = result.items.length > 0;
    pager("o-tills-prev", "o-tills-next", tillList);
  }

  function tillRow(t) {
    const tr = document.createElement("tr");
    tr.dataset.till = t.code;
    const code = document.createElement("td");
    code.appendChild(text("code", t.code));
    (t.problems || []).forEach((p) => code.appendChild(text("span", "⚠ " + p, "problem")));
    const store = document.createElement("td");
    const move = document.createElement("form");
    move.className = "move-form";
    move.noValidate = true;
    const input = document.createElement("input");
    input.className = "move store-input";
    input.setAttribute("list", "o-store-options");
    input.setAttribute("aria-label", "Store of " + t.code);
    input.maxLength = 64;
    input.autocomplete = "off";
    input.value = t.store || "";
    const moveButton = text("button", "Move", "move-button");
    moveButton.type = "submit";
    const moveMessage = text("span", "", "msg");
    move.append(input, moveButton, moveMessage);
    move.addEventListener("submit", (e) => {
      e.preventDefault();
      moveTill(t, input.value.trim(), moveMessage).catch((x) => say(moveMessage, x.message, true));
    });
    store.appendChild(move);
    const password = { "md5-prehash": "set", "legacy-md5": "legacy MD5 (upgraded at first login)", unusable: "unusable", none: "none" };
    const status = text("td", t.enabled ? "enabled" : "disabled", t.enabled ? "" : "off");
    const secret = text("td", password[t.password] || t.password);
    // Labels for the phone layout, where each till is a block instead of a table row.
    store.dataset.label = "Store";
    status.dataset.label = "Status";
    secret.dataset.label = "Password";
    tr.append(code, store, status, secret);
    const actions = document.createElement("td");
    actions.className = "actions-cell";
    actions.append(
      button(t.enabled ? "Disable" : "Enable", () => setEnabled(t, !t.enabled), t.enabled ? "danger toggle" : "toggle"),
      button("Reset password", () => startReset(t), "reset"),
      button("Delete", () => deleteTill(t), "danger delete"),
      text("span", "", "msg"));
    tr.appendChild(actions);
    return tr;
  }

  function tillRowSelector(code) {
    return rowSelector("o-till-rows", "data-till", code);
  }

  async function setEnabled(t, enabled) {
    clearMessages();
    if (!enabled && !confirm("Disable till " + t.code + "? Its logins are refused until it is enabled again.")) return;
    try {
      await adminApi("PUT", "/tills/" + enc(t.code), { enabled });
    } catch (e) {
      sayOnRow(tillRowSelector(t.code), "o-till-msg", e.message, true);
      return;
    }
    await loadTills();
    sayOnRow(tillRowSelector(t.code), "o-till-msg", "Till " + t.code + (enabled ? " enabled." : " disabled: its next login is refused."));
  }

  async function moveTill(t, store, message) {
    clearMessages();
    if (!store) {
      say(message, "Type the store to move this till to.", true);
      return;
    }
    if (store.toLowerCase() === (t.store || "").toLowerCase()) {
      say(message, "The till is in store " + t.store + " already.", true);
      return;
    }
    if (!confirm("Move till " + t.code + " from store " + t.store + " to store " + store + "? From its next login its tokens carry store " + store + ".")) return;
    try {
      await adminApi("PUT", "/tills/" + enc(t.code), { store });
    } catch (e) {
      say(message, e.message, true);
      return;
    }
    await Promise.all([loadTills(), loadStores()]);
    sayOnRow(tillRowSelector(t.code), "o-till-msg", "Till " + t.code + " moved to store " + store + ".");
  }

  async function deleteTill(t) {
    clearMessages();
    if (!confirm("Delete till " + t.code + "? Its user and password are removed; its logins stop at once.")) return;
    try {
      await adminApi("DELETE", "/tills/" + enc(t.code));
    } catch (e) {
      sayOnRow(tillRowSelector(t.code), "o-till-msg", e.message, true);
      return;
    }
    if (resetting && resetting.code === t.code) closeReset();
    await Promise.all([loadTills(), loadStores()]);
    say("o-till-msg", "Till " + t.code + " deleted.");
  }

  async function applyTillFilters(event) {
    if (event) event.preventDefault();
    clearMessages();
    try {
      await loadTills({
        first: 0, search: $("o-till-search").value, store: $("o-till-filter").value.trim(), enabled: $("o-till-status").value,
      });
    } catch (e) {
      say("o-filter-msg", e.message, true);
    }
  }

  function startReset(t) {
    clearMessages();
    resetting = t;
    $("o-reset-title").textContent = "Reset password of till " + t.code;
    $("o-reset-secret").value = "";
    $("o-reset").hidden = false;
    $("o-reset-secret").focus();
  }

  function closeReset() {
    $("o-reset-secret").value = "";
    $("o-reset").hidden = true;
    resetting = null;
  }

  async function saveReset() {
    clearMessages();
    if (!$("o-reset-secret").value) {
      say("o-reset-msg", "Type the new password or digest.", true);
      return;
    }
    const body = {};
    body[$("o-reset-kind").value] = $("o-reset-secret").value;
    const code = resetting.code;
    try {
      await adminApi("PUT", "/tills/" + enc(code) + "/password", body);
    } catch (e) {
      say("o-reset-msg", e.message, true);
      return;
    }
    closeReset();
    sayOnRow(tillRowSelector(code), "o-till-msg", "Password of till " + code + " changed.");
  }

  async function addTill(event) {
    event.preventDefault();
    clearMessages();
    const body = { code: $("o-till-code").value.trim(), store: $("o-till-store").value.trim() };
    if (!body.code) {
      say("o-till-add-msg", "Type the till code.", true);
      return;
    }
    if (!body.store) {
      say("o-till-add-msg", "Choose the store of the till.", true);
      return;
    }
    body[$("o-till-kind").value] = $("o-till-secret").value;
    let created;
    try {
      created = await adminApi("POST", "/tills", body);
    } catch (e) {
      say("o-till-add-msg", e.message, true);
      return;
    }
    $("o-till-form").reset();
    kindChanged();
    await Promise.all([loadTills(), loadStores()]);
    say("o-till-add-msg", "Till " + created.code + " added to store " + created.store + ".");
  }

  function kindChanged() {
    const digest = $("o-till-kind").value === "md5Digest";
    $("o-till-secret-label").firstChild.textContent = digest ? "MD5 digest " : "Password ";
    $("o-till-secret").type = digest ? "text" : "password";
    $("o-till-digest").textContent = digest
      ? "The 32 hexadecimal characters the POS sends; it is stored only as an Argon2 hash."
      : "The POS logs in with the MD5 hex digest of this password.";
  }

  // ---- import: the file's bytes as they are, then the job polled until it ends ---------------
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  function showProgress(value, label) {
    $("o-import-progress-box").hidden = false;
    if (value == null) $("o-import-progress").removeAttribute("value");
    else $("o-import-progress").value = value;
    $("o-import-progress-text").textContent = label;
  }

  function jobProgress(job) {
    const of = job.toWrite != null ? job.toWrite : job.rows;
    return numbers.format(job.written || 0) + " of " + numbers.format(of || 0) + " written";
  }

  function showReport(errors, json) {
    const list = errors || [];
    const rows = $("o-import-errors");
    rows.replaceChildren();
    list.slice(0, SHOWN_ERRORS).forEach((e) => {
      const tr = document.createElement("tr");
      tr.append(text("td", e.row == null ? "" : String(e.row)), text("td", e.code || ""), text("td", e.error));
      rows.appendChild(tr);
    });
    if (list.length > SHOWN_ERRORS) {
      const tr = document.createElement("tr");
      const td = text("td", "… and " + numbers.format(list.length - SHOWN_ERRORS) + " more rows with problems.");
      td.colSpan = 3;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    $("o-import-row-head").textContent = json ? "Item" : "Line";
    $("o-import-report-title").textContent = list.length === 1 ? "1 row cannot be imported" : numbers.format(list.length) + " rows cannot be imported";
    $("o-import-report").hidden = list.length === 0;
  }

  function counts(job) {
    const parts = [];
    [["created", "created"], ["updated", "updated"], ["unchanged", "unchanged"], ["failed", "failed"]].forEach(([field, word]) => {
      if (job[field]) parts.push(numbers.format(job[field]) + " " + word);
    });
    return parts.length ? parts.join(", ") : "nothing to change";
  }

  function finishImport(job, json) {
    const noun = job.kind === "tills" ? "tills" : "stores";
    const rows = numbers.format(job.rows || 0) + (job.rows === 1 ? " row" : " rows");
    showReport(job.errors, json);
    switch (job.status) {
      case "validated":
        showProgress(100, "Checked");
        say("o-import-msg", "The file is valid: " + rows + ", no problems found" +
          (job.toWrite != null ? "; " + numbers.format(job.toWrite) + " would be created or changed" : "") +
          ". Nothing was imported (validate only).");
        break;
      case "done":
        showProgress(100, "Finished");
        say("o-import-msg", "Import of " + noun + " finished (" + rows + "): " + counts(job) + ".");
        break;
      case "interrupted":
        showProgress(job.progress, jobProgress(job));
        say("o-import-msg", "The import was interrupted (" + jobProgress(job) + "): import the same file again to finish it; rows already imported come out unchanged.", true);
        break;
      default:
        showProgress(job.progress, jobProgress(job));
        say("o-import-msg", "The import stopped" + (job.message ? ": " + job.message : "") + " (" + jobProgress(job) + ").", true);
    }
  }

  async function startImport(event) {
    event.preventDefault();
    clearMessages();
    $("o-import-report").hidden = true;
    $("o-import-progress-box").hidden = true;
    const file = $("o-import-file").files[0];
    if (!file) {
      say("o-import-msg", "Choose a file first.", true);
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      say("o-import-msg", "This file is " + megabytes(file.size) + "; at most 8 MB can be imported at once. Split it into smaller files.", true);
      return;
    }
    if (file.size === 0) {
      say("o-import-msg", "This file is empty.", true);
      return;
    }
    const json = /\.json$/i.test(file.name) || file.type === "application/json";
    const kind = $("o-import-kind").value;
    const dryRun = $("o-import-dry-run").checked;
    $("o-import-start").disabled = true;
    try {
      const body = await file.arrayBuffer();
      showProgress(null, "Sending " + file.name + "…");
      const response = await adminFetch("POST", "/organisation-import/" + kind + (dryRun ? "?dryRun=true" : ""),
        { body, contentType: json ? "application/json" : "text/csv" });
      let job = await jsonOf(response);
      if (!response.ok) {
        $("o-import-progress-box").hidden = true;
        showReport(job && job.errors, json);
        const refused = response.status === 413 && !(job && job.error_description)
          ? "The file is too large for the server." : failure(response, job).message;
        say("o-import-msg", refused, true);
        return;
      }
      while (job.status === "running") {
        showProgress(job.progress, "Importing " + (job.kind || kind) + ": " + jobProgress(job));
        await sleep(1000);
        job = await adminApi("GET", "/organisation-import/" + enc(job.id));
      }
      finishImport(job, json);
      if (job.status !== "validated") await Promise.all([loadStores(), loadTills()]);
    } catch (e) {
      say("o-import-msg", e.message, true);
    } finally {
      $("o-import-start").disabled = false;
    }
  }

  // ---- export: a CSV download through fetch (the token is never in a URL) --------------------
  function attachmentName(header) {
    const match = /filename="?([^";]+)"?/i.exec(header || "");
    return match ? match[1].replace(/[\\/]/g, "_") : null;
  }

  async function exportCsv(kind) {
    clearMessages();
    const store = kind === "tills" ? tillList.store.trim() : "";
    const response = await adminFetch("GET", "/organisation-export/" + kind + query({ store }));
    if (!response.ok) {
      say("o-export-msg", failure(response, await jsonOf(response)).message, true);
      return;
    }
    const blob = await response.blob();
    const name = attachmentName(response.headers.get("Content-Disposition")) || kind + (store ? "-" + store : "") + ".csv";
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say("o-export-msg", "Downloaded " + name + (store ? " (tills of store " + store + ")." : "."));
  }

  async function showStores() {
    await Promise.all([loadStores(), loadTills()]);
    show("view-stores");
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
    done("o-settings-done", "");
    if (settings.basicAuthentication && !confirm("Turn off basic authentication? Every till login of " + window.TillAdmin.realm() +
      " will be refused until it is turned on again.")) return;
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

  route("stores", () => { clearMessages(); closeReset(); return showStores(); });
  route("settings", () => { done("o-settings-done", ""); return showSettings(); });

  document.addEventListener("DOMContentLoaded", () => {
    const guard = (f) => (e) => Promise.resolve(f(e)).catch((x) => error(x.message));
    $("o-store-form").addEventListener("submit", guard(addStore));
    $("o-till-form").addEventListener("submit", guard(addTill));
    $("o-till-kind").addEventListener("change", kindChanged);
    $("o-reset-save").addEventListener("click", guard(saveReset));
    $("o-reset-cancel").addEventListener("click", () => { clearMessages(); closeReset(); });

    // Lists: paging, search as the user types, filters.
    const storePage = (delta) => guard(() => { clearMessages(); return loadStores({ first: Math.max(0, storeList.first + delta) }); });
    const tillPage = (delta) => guard(() => { clearMessages(); return loadTills({ first: Math.max(0, tillList.first + delta) }); });
    $("o-stores-prev").addEventListener("click", storePage(-PAGE));
    $("o-stores-next").addEventListener("click", storePage(PAGE));
    $("o-tills-prev").addEventListener("click", tillPage(-PAGE));
    $("o-tills-next").addEventListener("click", tillPage(PAGE));
    $("o-store-search").addEventListener("input", debounce(() => {
      clearMessages();
      loadStores({ first: 0, search: $("o-store-search").value }).catch((e) => say("o-store-msg", e.message, true));
    }, 300));
    $("o-till-search").addEventListener("input", debounce(() => applyTillFilters(), 300));
    $("o-till-filters").addEventListener("submit", (e) => applyTillFilters(e));
    $("o-till-filter").addEventListener("change", () => applyTillFilters());
    $("o-till-status").addEventListener("change", () => applyTillFilters());
    // Every store field (filter, add till, move) offers the stores that start with what is typed.
    $("view-stores").addEventListener("input", (e) => {
      if (e.target.classList.contains("store-input")) suggestStores(e.target.value.trim());
    });
    $("view-stores").addEventListener("focusin", (e) => {
      if (e.target.classList.contains("store-input")) suggestStores(e.target.value.trim());
    });

    $("o-import-form").addEventListener("submit", guard(startImport));
    $("o-import-file").addEventListener("change", () => {
      clearMessages();
      $("o-import-report").hidden = true;
      $("o-import-progress-box").hidden = true;
    });
    $("o-export-stores").addEventListener("click", guard(() => exportCsv("stores")));
    $("o-export-tills").addEventListener("click", guard(() => exportCsv("tills")));

    $("o-basic-toggle").addEventListener("click", guard(toggleBasic));
    $("o-ceiling-save").addEventListener("click", guard(saveCeiling));
    $("o-ceiling-amount").addEventListener("input", ceilingChanged);
    $("o-ceiling-unit").addEventListener("change", ceilingChanged);
    kindChanged();
  });
})();
