// Access groups screen: list with usage, built-in and active state and hand-edited problems;
// create and edit with a permission matrix (rows = resources, columns = Data API / Config API,
// each None / Read / Write). The checks here are a convenience: the server validates everything.
"use strict";

(function () {
  const T = window.TillAdmin;
  const { $, el, button, cell, row: tableRow, say, clear, refuse } = window.TillDom;
  const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/; // the server's AccessGroups name rule
  let catalogue = null; // {apis, resources, levels} from GET /access-groups/resources
  let editing = null; // the group being edited, null when creating

  const api = (method, path, body) => T.adminApi(method, "/access-groups" + path, body);
  const groupPath = (name) => "/" + encodeURIComponent(name);

  async function loadCatalogue() {
    if (!catalogue) catalogue = await api("GET", "/resources");
    return catalogue;
  }

  // A PatternFly label (Built-in, Active, ...); className adds its colour and the page's hooks.
  function label(text, className) {
    const l = el("span", "pf-v5-c-label " + className);
    l.appendChild(el("span", "pf-v5-c-label__content", text));
    return l;
  }

  // ---- list ---------------------------------------------------------------------------------
  async function showList() {
    T.error("");
    clear("view-access-groups");
    const [groups, cat] = await Promise.all([api("GET", ""), loadCatalogue()]);
    const rows = $("ag-rows");
    rows.replaceChildren();
    groups.forEach((g) => rows.appendChild(row(g, cat)));
    $("ag-none").hidden = groups.length > 0;
    T.show("view-access-groups");
  }

  function summary(g, cat) {
    const td = cell(null, "Permissions", "ag-summary");
    cat.apis.forEach((a) => {
      const granted = Object.keys(g.permissions[a.id] || {});
      td.appendChild(el("div", null, a.name + ": " + (granted.length === 0 ? "nothing" : granted.length + " of " + cat.resources.length)));
    });
    return td;
  }

  function usage(g) {
    const td = cell(null, "API clients", "ag-usage");
    if (g.apiClients.length === 0) {
      td.textContent = g.inUse ? "clients you cannot view" : "—";
      return td;
    }
    g.apiClients.forEach((c, i) => {
      if (i > 0) td.appendChild(document.createTextNode(", "));
      const span = el("span", null, c.name || c.clientKey);
      span.title = "Client key " + c.clientKey;
      td.appendChild(span);
    });
    return td;
  }

  function row(g, cat) {
    const tr = tableRow();
    tr.dataset.group = g.name;
    const name = cell();
    name.appendChild(el("strong", null, g.name));
    if (g.builtIn) name.appendChild(label("Built-in", "pf-m-blue badge builtin"));
    if (g.description) name.appendChild(el("div", "hint", g.description));
    if (g.problems.length > 0) {
      const box = el("div", "pf-v5-c-alert pf-m-warning pf-m-inline pf-m-plain problems");
      const title = box.appendChild(el("div", "pf-v5-c-alert__title"));
      title.appendChild(el("div", null, "Ignored entries (edited by hand, not in tokens):"));
      const list = el("ul");
      g.problems.forEach((p) => list.appendChild(el("li", null, p)));
      title.appendChild(list);
      name.appendChild(box);
    }
    tr.appendChild(name);
    tr.appendChild(summary(g, cat));
    tr.appendChild(usage(g));
    const state = cell(null, "Status");
    state.appendChild(g.active ? label("Active", "pf-m-green badge active") : label("Deactivated", "badge inactive"));
    tr.appendChild(state);

    const actions = cell(null, null, "actions-cell");
    const message = el("div", "msg");
    actions.appendChild(button(g.builtIn ? "View" : "Edit", "pf-m-secondary pf-m-small ag-edit", () => showForm(g).catch((e) => say(message, e.message, "bad"))));
    const toggle = button(g.active ? "Deactivate" : "Activate", "pf-m-secondary pf-m-small ag-toggle", () => setActive(g, !g.active, message));
    const del = button("Delete", "pf-m-secondary pf-m-danger pf-m-small ag-delete", () => remove(g, message));
    let reason = null;
    if (g.builtIn) reason = "Built-in access groups cannot be changed.";
    else if (g.inUse) reason = "In use by API clients: give them another access group first.";
    if (reason) {
      del.disabled = true;
      del.title = reason;
      if (g.builtIn || g.active) {
        toggle.disabled = true;
        toggle.title = reason;
      }
    }
    actions.append(toggle, del);
    if (reason) actions.appendChild(el("div", "hint reason", reason));
    actions.appendChild(message);
    tr.appendChild(actions);
    return tr;
  }

  async function setActive(g, active, message) {
    clear("view-access-groups");
    try {
      await api("PUT", groupPath(g.name), { active });
    } catch (e) {
      say(message, e.message, "bad");
      return;
    }
    await showList();
    say("ag-list-msg", "Access group \"" + g.name + "\" " + (active ? "activated." : "deactivated: it is no longer offered for API clients."));
  }

  async function remove(g, message) {
    clear("view-access-groups");
    if (!confirm("Delete access group \"" + g.name + "\"?")) return;
    try {
      await api("DELETE", groupPath(g.name));
    } catch (e) {
      say(message, e.message, "bad");
      return;
    }
    await showList();
    say("ag-list-msg", "Access group \"" + g.name + "\" deleted.");
  }

  // ---- create / edit ------------------------------------------------------------------------
  function matrix(cat, permissions, readOnly) {
    const body = $("ag-matrix");
    body.replaceChildren();
    cat.resources.forEach((r) => {
      const tr = tableRow();
      tr.dataset.resource = r.id;
      tr.appendChild(el("th", "pf-v5-c-table__th", r.name));
      cat.apis.forEach((a) => {
        const td = cell(null, a.name);
        const select = el("select");
        select.dataset.api = a.id;
        select.dataset.resource = r.id;
        select.setAttribute("aria-label", r.name + " – " + a.name);
        select.disabled = readOnly;
        cat.levels.forEach((l) => {
          const option = el("option", null, l.name);
          option.value = l.id;
          option.title = l.description || "";
          select.appendChild(option);
        });
        select.value = ((permissions || {})[a.id] || {})[r.id] || "none";
        select.classList.toggle("granted", select.value !== "none");
        select.addEventListener("change", () => select.classList.toggle("granted", select.value !== "none"));
        td.appendChild(el("span", "pf-v5-c-form-control")).appendChild(select);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  // The shortcuts set every cell of the matrix at once; saving still sends only what is granted.
  function setAll(level) {
    document.querySelectorAll("#ag-matrix select").forEach((select) => {
      select.value = level;
      select.classList.toggle("granted", level !== "none");
    });
    clear("view-access-group-form");
  }

  async function showForm(group) {
    T.error("");
    clear("view-access-group-form");
    const cat = await loadCatalogue();
    editing = group || null;
    const readOnly = !!(group && group.builtIn);
    $("ag-form").reset();
    $("ag-form-title").textContent = !group ? "Create access group" : (readOnly ? "Access group " : "Edit access group ") + group.name;
    $("ag-name").value = group ? group.name : "";
    $("ag-name").disabled = !!group;
    $("ag-description").value = group && group.description ? group.description : "";
    $("ag-description").disabled = readOnly;
    $("ag-readonly").hidden = !readOnly;
    $("ag-save").hidden = readOnly;
    $("ag-shortcuts").hidden = readOnly;
    $("ag-problems").hidden = !(group && group.problems.length > 0);
    $("ag-problems-text").textContent = group && group.problems.length > 0
      ? "Saving replaces these hand-edited entries: " + group.problems.join("; ") : "";
    $("ag-matrix-head").replaceChildren(...["Resource"].concat(cat.apis.map((a) => a.name)).map((t) => el("th", "pf-v5-c-table__th", t)));
    matrix(cat, group ? group.permissions : null, readOnly);
    T.show("view-access-group-form");
    (group ? $("ag-description") : $("ag-name")).focus();
  }

  function collect() {
    const permissions = {};
    document.querySelectorAll("#ag-matrix select").forEach((s) => {
      if (s.value === "none") return;
      (permissions[s.dataset.api] = permissions[s.dataset.api] || {})[s.dataset.resource] = s.value;
    });
    catalogue.apis.forEach((a) => (permissions[a.id] = permissions[a.id] || {}));
    return permissions;
  }

  // Where the server's refusals are shown: the name's beside the name, the matrix's under it.
  const FIELDS = {
    name: { msg: "ag-name-msg", label: "The name", match: /^(Access group name|An access group named)/ },
    description: { msg: "ag-description-msg", label: "The description" },
    permissions: { msg: "ag-form-msg", label: "The permissions" },
  };

  async function save(event) {
    event.preventDefault();
    T.error("");
    clear("view-access-group-form");
    const name = $("ag-name").value.trim();
    if (!editing && !NAME.test(name)) {
      say("ag-name-msg", name ? "A name is 1 to 64 letters, digits, spaces, dots, hyphens or underscores, starting with a letter or digit."
        : "Type a name for the access group.", "bad");
      $("ag-name").focus();
      return;
    }
    const body = { description: $("ag-description").value.trim(), permissions: collect() };
    $("ag-save").disabled = true;
    try {
      if (editing) {
        await api("PUT", groupPath(editing.name), body);
      } else {
        await api("POST", "", Object.assign({ name }, body));
      }
      editing = null;
      await showList();
    } catch (e) {
      refuse(e.message, FIELDS, "ag-form-msg");
    } finally {
      $("ag-save").disabled = false;
    }
  }

  T.route("access-groups", showList);

  document.addEventListener("DOMContentLoaded", () => {
    $("ag-new").addEventListener("click", () => showForm(null).catch((e) => T.error(e.message)));
    $("ag-cancel").addEventListener("click", () => showList().catch((e) => T.error(e.message)));
    $("ag-form").addEventListener("submit", save);
    $("ag-all-read").addEventListener("click", () => setAll("read"));
    $("ag-all-write").addEventListener("click", () => setAll("write"));
    $("ag-clear").addEventListener("click", () => setAll("none"));
    $("ag-form").addEventListener("input", () => T.error(""));
    $("ag-name").addEventListener("input", () => say("ag-name-msg", ""));
    $("ag-description").addEventListener("input", () => say("ag-description-msg", ""));
  });
})();
