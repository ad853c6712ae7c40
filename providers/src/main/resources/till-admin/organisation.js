// Organisation screens of the administration page: stores and tills (#/stores) and the
// organisation settings (#/settings), over /admin/realms/{realm}/stores, /tills and
// /organisation-settings. Loaded after app.js, whose TillAdmin registry it uses.
"use strict";

(function () {
  const { show, error, adminApi, adminFetch, jsonOf, failure, route } = window.TillAdmin;
  const { $, el, button, cell, row, say, clear, plain, refuse } = window.TillDom;
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

  // A row button whose action reports its own failures; anything else lands on the row.
  function rowButton(label, className, action) {
    const b = button(label, "pf-m-small " + className);
    b.addEventListener("click", () => Promise.resolve(action()).catch((e) => {
      const message = b.closest("tr") && b.closest("tr").querySelector(".actions-cell .msg");
      if (message) say(message, e.message, "bad");
      else error(e.message);
    }));
    return b;
  }

  // ---- messages: beside the control that caused them; a new action clears the old ones --------
  function clearMessages() {
    error("");
    clear("view-stores");
  }

  // On the row of the list when it is still shown, else on the list.
  function sayOnRow(rowSelector, listMessage, message, tone) {
    const tr = document.querySelector(rowSelector);
    say(tr ? tr.querySelector(".actions-cell .msg") : listMessage, message, tone);
  }

  // ---- checks before the round trip: the server's rules (Stores.CODE, Tills.CODE, Md5Digest) ----
  // The server checks again and stays the judge; these only save a round trip and say it in place.
  const STORE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
  const TILL_CODE = /^[a-z0-9][a-z0-9._-]{2,63}$/; // after lower-casing, as the server does
  const MD5 = /^[0-9a-fA-F]{32}$/;
  const STORE_CODE_RULE = "A store code is 1 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit.";
  const TILL_CODE_RULE = "A till code is 3 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit.";

  // The problem with a typed store code, or null. empty: the text when nothing is typed.
  function storeProblem(value, empty) {
    if (!value) return empty;
    return STORE_CODE.test(value) ? null : STORE_CODE_RULE;
  }

  function tillProblem(value) {
    if (!value) return "Type the till code.";
    return TILL_CODE.test(value.toLowerCase()) ? null : TILL_CODE_RULE;
  }

  // kind: "password" or "md5Digest", as the credential drop-downs name them.
  function secretProblem(kind, value) {
    if (kind === "md5Digest") {
      if (!value.trim()) return "Type the MD5 digest: the 32 hexadecimal characters the POS sends.";
      return MD5.test(value.trim()) ? null : "An MD5 digest is 32 hexadecimal characters (0–9 and a–f); this is " + value.trim().length + " characters" + (/^[0-9a-fA-F]*$/.test(value.trim()) ? "." : " and not all hexadecimal.");
    }
    if (!value) return "Type the till's password.";
    return MD5.test(value) ? "This password looks like an MD5 digest (32 hexadecimal characters). To import a legacy digest, choose the MD5 digest as the credential." : null;
  }

  // Shows each problem beside its field; true when there is none. checks: [[msg id, problem]].
  function checked(checks) {
    let ok = true;
    checks.forEach(([msg, problem]) => {
      if (!problem) return;
      if (ok && $(msg).dataset.for) $($(msg).dataset.for).focus();
      say(msg, problem, "bad");
      ok = false;
    });
    return ok;
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
    const tr = row();
    tr.dataset.store = s.code;
    const code = cell();
    code.appendChild(el("code", null, s.code));
    tr.append(code, cell(s.name, "Name"), cell(numbers.format(s.tills), "Tills"));
    const actions = cell(null, null, "actions-cell");
    actions.append(
      rowButton("Show tills", "pf-m-secondary show-tills", () => showTillsOf(s.code)),
      rowButton("Delete", "pf-m-secondary pf-m-danger delete", () => deleteStore(s)),
      el("div", "msg"));
    tr.appendChild(actions);
    return tr;
  }

  async function showTillsOf(code) {
    clearMessages();
    $("o-till-filter").value = code;
    try {
      await loadTills({ first: 0, store: code });
    } catch (e) {
      say("o-filter-msg", e.message, "bad");
      return;
    }
    $("o-tills-heading").scrollIntoView({ block: "start" });
  }

  async function deleteStore(s) {
    clearMessages();
    if (!confirm("Delete store " + s.code + "? Only an empty store can be deleted.")) return;
    const selector = rowSelector("o-store-rows", "data-store", s.code);
    try {
      await adminApi("DELETE", "/stores/" + enc(s.code));
    } catch (e) {
      sayOnRow(selector, "o-store-msg", e.message, "bad");
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
    if (!checked([
      ["o-store-code-msg", storeProblem(code, "Type the store code.")],
      ["o-store-name-msg", name ? null : "Type the store's name."],
    ])) return;
    let created;
    try {
      created = await adminApi("POST", "/stores", { code, name });
    } catch (e) {
      refuse(e.message, STORE_FIELDS, "o-store-add-msg");
      return;
    }
    $("o-store-form").reset();
    await loadStores();
    say("o-store-add-msg", "Store " + created.code + " added.");
  }

  // Where the server's refusals of a new store are shown.
  const STORE_FIELDS = {
    code: { msg: "o-store-code-msg", label: "The store code", match: /^(Store code|A store with code)/ },
    name: { msg: "o-store-name-msg", label: "The store's name" },
  };

  // ---- store fields: a text input with suggestions from the server ---------------------------
  let suggestSeq = 0;
  const suggestStores = debounce(async (typed) => {
    const seq = ++suggestSeq;
    try {
      const result = await listPage("/stores", { max: SUGGESTIONS, search: typed ? typed + "*" : "" });
      if (seq !== suggestSeq) return;
      $("o-store-options").replaceChildren(...result.items.map((s) => {
        const option = el("option");
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
    const tr = row();
    tr.dataset.till = t.code;
    const code = cell();
    code.appendChild(el("code", null, t.code));
    (t.problems || []).forEach((p) => code.appendChild(el("span", "problem", "⚠ " + p)));
    const store = cell(null, "Store");
    const move = el("form", "move-form");
    move.noValidate = true;
    const input = el("input", "move store-input");
    input.setAttribute("list", "o-store-options");
    input.setAttribute("aria-label", "Store of " + t.code);
    input.maxLength = 64;
    input.autocomplete = "off";
    input.value = t.store || "";
    const wrapper = el("span", "pf-v5-c-form-control");
    wrapper.appendChild(input);
    const moveButton = button("Move", "pf-m-secondary pf-m-small move-button");
    moveButton.type = "submit";
    const moveMessage = el("div", "msg");
    move.append(wrapper, moveButton, moveMessage);
    move.addEventListener("submit", (e) => {
      e.preventDefault();
      moveTill(t, input.value.trim(), moveMessage).catch((x) => say(moveMessage, x.message, "bad"));
    });
    store.appendChild(move);
    const password = { "md5-prehash": "set", "legacy-md5": "legacy MD5 (upgraded at first login)", unusable: "unusable", none: "none" };
    // Labels for the phone layout, where each till is a block instead of a table row.
    const status = cell(t.enabled ? "enabled" : "disabled", "Status", t.enabled ? "" : "off");
    const secret = cell(password[t.password] || t.password, "Password");
    tr.append(code, store, status, secret);
    const actions = cell(null, null, "actions-cell");
    actions.append(
      rowButton(t.enabled ? "Disable" : "Enable", t.enabled ? "pf-m-secondary pf-m-danger toggle" : "pf-m-secondary toggle", () => setEnabled(t, !t.enabled)),
      rowButton("Reset password", "pf-m-secondary reset", () => startReset(t)),
      rowButton("Delete", "pf-m-secondary pf-m-danger delete", () => deleteTill(t)),
      el("div", "msg"));
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
      sayOnRow(tillRowSelector(t.code), "o-till-msg", e.message, "bad");
      return;
    }
    await loadTills();
    sayOnRow(tillRowSelector(t.code), "o-till-msg", "Till " + t.code + (enabled ? " enabled." : " disabled: its next login is refused."));
  }

  async function moveTill(t, store, message) {
    clearMessages();
    const problem = storeProblem(store, "Type the store to move this till to.");
    if (problem) {
      say(message, problem, "bad");
      return;
    }
    if (store.toLowerCase() === (t.store || "").toLowerCase()) {
      say(message, "The till is in store " + t.store + " already.", "bad");
      return;
    }
    if (!confirm("Move till " + t.code + " from store " + t.store + " to store " + store + "? From its next login its tokens carry store " + store + ".")) return;
    try {
      await adminApi("PUT", "/tills/" + enc(t.code), { store });
    } catch (e) {
      refuse(e.message, { store: { msg: message, label: "The store" } }, message);
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
      sayOnRow(tillRowSelector(t.code), "o-till-msg", e.message, "bad");
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
      say("o-filter-msg", e.message, "bad");
    }
  }

  function startReset(t) {
    clearMessages();
    resetting = t;
    $("o-reset-title").textContent = "Reset password of till " + t.code;
    $("o-reset-secret").value = "";
    $("o-reset").hidden = false;
    resetKindChanged();
    $("o-reset-secret").focus();
  }

  function resetKindChanged() {
    const digest = $("o-reset-kind").value === "md5Digest";
    $("o-reset-secret-label").textContent = digest ? "MD5 digest" : "New password";
    $("o-reset-secret").type = digest ? "text" : "password";
  }

  function closeReset() {
    $("o-reset-secret").value = "";
    $("o-reset").hidden = true;
    resetting = null;
  }

  async function saveReset() {
    clearMessages();
    const kind = $("o-reset-kind").value;
    if (!checked([["o-reset-msg", secretProblem(kind, $("o-reset-secret").value)]])) return;
    const body = {};
    body[kind] = kind === "md5Digest" ? $("o-reset-secret").value.trim() : $("o-reset-secret").value;
    const code = resetting.code;
    try {
      await adminApi("PUT", "/tills/" + enc(code) + "/password", body);
    } catch (e) {
      refuse(e.message, { password: { msg: "o-reset-msg", label: "The password" }, md5Digest: { msg: "o-reset-msg", label: "The MD5 digest" } }, "o-reset-msg");
      return;
    }
    closeReset();
    sayOnRow(tillRowSelector(code), "o-till-msg", "Password of till " + code + " changed.");
  }

  async function addTill(event) {
    event.preventDefault();
    clearMessages();
    const body = { code: $("o-till-code").value.trim(), store: $("o-till-store").value.trim() };
    const kind = $("o-till-kind").value;
    const secret = $("o-till-secret").value;
    if (!checked([
      ["o-till-code-msg", tillProblem(body.code)],
      ["o-till-store-msg", storeProblem(body.store, "Choose the store of the till.")],
      ["o-till-secret-msg", secretProblem(kind, secret)],
    ])) return;
    body[kind] = kind === "md5Digest" ? secret.trim() : secret;
    let created;
    try {
      created = await adminApi("POST", "/tills", body);
    } catch (e) {
      refuse(e.message, TILL_FIELDS, "o-till-add-msg");
      return;
    }
    $("o-till-form").reset();
    kindChanged();
    await Promise.all([loadTills(), loadStores()]);
    say("o-till-add-msg", "Till " + created.code + " added to store " + created.store + ".");
  }

  // Where the server's refusals of a new till are shown (its password policy: beside the password).
  const TILL_FIELDS = {
    code: { msg: "o-till-code-msg", label: "The till code", match: /^Till code/ },
    store: { msg: "o-till-store-msg", label: "The store", match: /^Store /i },
    password: { msg: "o-till-secret-msg", label: "The password", match: /password|digest/i },
    md5Digest: { msg: "o-till-secret-msg", label: "The MD5 digest" },
  };

  function kindChanged() {
    const digest = $("o-till-kind").value === "md5Digest";
    $("o-till-secret-text").textContent = digest ? "MD5 digest" : "Password";
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
    const where = json ? "Item" : "Line";
    list.slice(0, SHOWN_ERRORS).forEach((e) => {
      const tr = row();
      tr.append(cell(e.row == null ? "" : String(e.row), where), cell(e.code || "", "Code"), cell(plain(e.error).text, "Problem"));
      rows.appendChild(tr);
    });
    if (list.length > SHOWN_ERRORS) {
      const tr = row();
      const td = cell("… and " + numbers.format(list.length - SHOWN_ERRORS) + " more rows with problems.");
      td.colSpan = 3;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    $("o-import-row-head").textContent = where;
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
        say("o-import-msg", "The import was interrupted (" + jobProgress(job) + "): import the same file again to finish it; rows already imported come out unchanged.", "bad");
        break;
      default:
        showProgress(job.progress, jobProgress(job));
        say("o-import-msg", "The import stopped" + (job.message ? ": " + job.message : "") + " (" + jobProgress(job) + ").", "bad");
    }
  }

  async function startImport(event) {
    event.preventDefault();
    clearMessages();
    $("o-import-report").hidden = true;
    $("o-import-progress-box").hidden = true;
    const file = $("o-import-file").files[0];
    if (!file) {
      say("o-import-msg", "Choose a file first.", "bad");
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      say("o-import-msg", "This file is " + megabytes(file.size) + "; at most 8 MB can be imported at once. Split it into smaller files.", "bad");
      return;
    }
    if (file.size === 0) {
      say("o-import-msg", "This file is empty.", "bad");
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
        say("o-import-msg", refused, "bad");
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
      say("o-import-msg", e.message, "bad");
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
      say("o-export-msg", failure(response, await jsonOf(response)).message, "bad");
      return;
    }
    const blob = await response.blob();
    const name = attachmentName(response.headers.get("Content-Disposition")) || kind + (store ? "-" + store : "") + ".csv";
    const url = URL.createObjectURL(blob);
    const link = el("a");
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
    $("o-basic-state").className = "pf-v5-c-label " + (on ? "pf-m-green on" : "pf-m-red off");
    $("o-basic-state").replaceChildren(el("span", "pf-v5-c-label__content", on ? "On" : "Off"));
    $("o-basic-toggle").textContent = on ? "Turn off" : "Turn on";
    $("o-ceiling-current").textContent = settings.tokenLifespanCeilingText || "none (no ceiling configured)";
    const compact = settings.tokenLifespanCeiling || settings.recommendedMaximum;
    $("o-ceiling-amount").value = parseInt(compact, 10);
    $("o-ceiling-unit").value = compact.slice(-1);
    ceilingChanged();
    const list = $("o-settings-warnings");
    list.replaceChildren();
    // The banner above says "not recommended" while a value is typed; list only the other warnings.
    (settings.warnings || []).filter((w) => !/not recommended/.test(w)).forEach((w) => list.appendChild(el("li", null, w)));
    const clamped = settings.apiClientsAboveCeiling || [];
    const rows = $("o-clamped");
    rows.replaceChildren();
    clamped.forEach((c) => {
      const tr = row();
      const key = cell(null, "Client key");
      key.appendChild(el("code", null, c.clientKey));
      tr.append(cell(c.name), key, cell(c.tokenExpiry + " (clamped at issue)", "Token expiry"));
      rows.appendChild(tr);
    });
    $("o-clamped-box").hidden = clamped.length === 0;
  }

  // The new maximum: a whole number of minutes, hours or days from 1 minute to 30 days (the
  // server's LifespanCeiling range); above 60 minutes the platform's warning shows as it is typed.
  const UNIT_SECONDS = { m: 60, h: 3600, d: 86400 };
  const MAX_CEILING = 30 * 86400;

  function ceilingProblem() {
    const raw = $("o-ceiling-amount").value.trim();
    if (!raw && !$("o-ceiling-amount").validity.badInput) return "Type the new maximum: a whole number of minutes, hours or days.";
    if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) return "The new maximum is a whole number of minutes, hours or days, at least 1 minute.";
    if (Number(raw) * UNIT_SECONDS[$("o-ceiling-unit").value] > MAX_CEILING) return "The new maximum can be at most 30 days.";
    return null;
  }

  function ceilingChanged() {
    const seconds = UNIT_SECONDS[$("o-ceiling-unit").value] * Number($("o-ceiling-amount").value);
    const problem = $("o-ceiling-amount").value ? ceilingProblem() : null;
    say("o-ceiling-msg", problem, "bad");
    $("o-ceiling-save").disabled = Boolean(problem);
    $("o-ceiling-warning").hidden = Boolean(problem) || !(seconds > 3600);
  }

  function clearSettingsMessages() {
    error("");
    clear("view-settings");
  }

  async function toggleBasic() {
    clearSettingsMessages();
    if (settings.basicAuthentication && !confirm("Turn off basic authentication? Every till login of " + window.TillAdmin.realm() +
      " will be refused until it is turned on again.")) return;
    try {
      settings = await adminApi("PUT", "/organisation-settings", { basicAuthentication: !settings.basicAuthentication });
    } catch (e) {
      refuse(e.message, {}, "o-basic-msg");
      return;
    }
    renderSettings();
    say("o-basic-msg", "Basic authentication is now " + (settings.basicAuthentication ? "on" : "off") + "; effective at the next till login.");
  }

  async function saveCeiling() {
    clearSettingsMessages();
    const problem = ceilingProblem();
    if (problem) {
      say("o-ceiling-msg", problem, "bad");
      $("o-ceiling-amount").focus();
      return;
    }
    const value = $("o-ceiling-amount").value.trim() + $("o-ceiling-unit").value;
    try {
      settings = await adminApi("PUT", "/organisation-settings", { tokenLifespanCeiling: value });
    } catch (e) {
      refuse(e.message, { tokenLifespanCeiling: { msg: "o-ceiling-msg", label: "The new maximum", match: /lifespan/i } }, "o-ceiling-msg");
      return;
    }
    renderSettings();
    say("o-ceiling-msg", "Token lifespan ceiling is now " + settings.tokenLifespanCeilingText + "; effective for the next token.");
  }

  route("stores", () => { clearMessages(); closeReset(); return showStores(); });
  route("settings", () => { clearSettingsMessages(); return showSettings(); });

  document.addEventListener("DOMContentLoaded", () => {
    const guard = (f) => (e) => Promise.resolve(f(e)).catch((x) => error(x.message));
    $("o-store-form").addEventListener("submit", guard(addStore));
    $("o-till-form").addEventListener("submit", guard(addTill));
    $("o-till-kind").addEventListener("change", () => { say("o-till-secret-msg", ""); kindChanged(); });
    $("o-reset-kind").addEventListener("change", () => { say("o-reset-msg", ""); resetKindChanged(); });
    // Typing in a field clears its own message.
    [["o-store-code", "o-store-code-msg"], ["o-store-name", "o-store-name-msg"], ["o-till-code", "o-till-code-msg"],
      ["o-till-store", "o-till-store-msg"], ["o-till-secret", "o-till-secret-msg"], ["o-reset-secret", "o-reset-msg"]]
      .forEach(([field, msg]) => $(field).addEventListener("input", () => say(msg, "")));
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
      loadStores({ first: 0, search: $("o-store-search").value }).catch((e) => say("o-store-msg", e.message, "bad"));
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
