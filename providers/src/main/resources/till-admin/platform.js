// Platform view of the administration page: administrators of the master realm signed in at
// /realms/master/till-admin/ see every organisation with its API clients and tills, over
// GET /admin/realms/master/organisations (paged, searched, total in X-Total-Count), and open one
// with Administer. Loaded after app.js, which calls TillPlatform.show when no organisation is chosen.
"use strict";

(function () {
  const { show, accessToken, loginRealm, failure, jsonOf } = window.TillAdmin;
  const { $, el, cell, row, say } = window.TillDom;
  const PAGE = 20;
  const numbers = new Intl.NumberFormat("en-GB");
  const list = { first: 0, total: 0, search: "", seq: 0 };

  // The search finds its text anywhere in the code or name, unless the user typed a * already.
  function anywhere(term) {
    const t = term.trim();
    if (!t) return "";
    return t.includes("*") ? t : "*" + t + "*";
  }

  async function fetchPage(first, search) {
    const q = new URLSearchParams({ first: String(first), max: String(PAGE) });
    if (search) q.set("search", search);
    const response = await fetch(location.origin + "/admin/realms/" + encodeURIComponent(loginRealm()) + "/organisations?" + q, {
      headers: { Authorization: "Bearer " + (await accessToken()) }, cache: "no-store",
    });
    const json = await jsonOf(response);
    if (!response.ok) throw failure(response, json);
    const total = Number(response.headers.get("X-Total-Count"));
    return { items: Array.isArray(json) ? json : [], total: Number.isFinite(total) ? total : 0 };
  }

  // The server's refusal of the search text, in the words of the search box.
  // Only the search is typed (the page sets first and max), so a 400 is about it: the endpoint's
  // own text, or Keycloak's refusal of a control character before the endpoint runs.
  function plainWords(e) {
    if (e.status === 400) return "This search cannot be used: at most 255 characters, without control characters.";
    return e.message;
  }

  function organisationRow(o) {
    const tr = row();
    tr.dataset.organisation = o.code;
    const code = cell(null, "Code", "name");
    code.appendChild(el("code", null, o.code));
    tr.appendChild(code);
    tr.appendChild(cell(o.name || "—", "Name"));
    tr.appendChild(cell(numbers.format(o.apiClients), "API clients", "number api-clients"));
    tr.appendChild(cell(numbers.format(o.tills), "Tills", "number tills"));
    const actions = cell(null, null, "actions-cell");
    // The master administrator administers the organisation here, with the same sign-in.
    const a = el("a", "pf-v5-c-button pf-m-secondary pf-m-small administer", "Administer");
    a.href = location.pathname + "?realm=" + encodeURIComponent(o.code);
    a.setAttribute("aria-label", "Administer " + o.code);
    actions.appendChild(a);
    tr.appendChild(actions);
    return tr;
  }

  // Answers that arrive after a newer request (typing outruns the server) are dropped.
  // forbidden: what to do instead when the administrator may not list organisations.
  async function load(first, search, forbidden) {
    const seq = ++list.seq;
    say("p-msg", "");
    say("p-search-msg", "");
    let result;
    try {
      result = await fetchPage(first, anywhere(search));
    } catch (e) {
      if (seq !== list.seq) return;
      if (e.status === 403 && forbidden) return forbidden();
      say(e.status === 400 ? "p-search-msg" : "p-msg", plainWords(e), "bad");
      $("p-rows").replaceChildren();
      $("p-count").textContent = "";
      $("p-empty").hidden = true;
      $("p-prev").disabled = true;
      $("p-next").disabled = true;
      return;
    }
    if (seq !== list.seq) return;
    if (result.items.length === 0 && first > 0 && result.total > 0) {
      return load(Math.floor((result.total - 1) / PAGE) * PAGE, search);
    }
    Object.assign(list, { first, search, total: result.total });
    $("p-rows").replaceChildren(...result.items.map(organisationRow));
    $("p-count").textContent = result.items.length === 0 ? "" : numbers.format(first + 1) + "–" +
      numbers.format(first + result.items.length) + " of " + numbers.format(result.total) + (result.total === 1 ? " organisation" : " organisations");
    $("p-empty").textContent = search.trim() ? "No organisation matches \u201c" + search.trim() + "\u201d." : "No organisations yet: onboard the first one with POST /admin/realms/master/organisations.";
    $("p-empty").hidden = result.items.length > 0;
    $("p-prev").disabled = first === 0;
    $("p-next").disabled = first + PAGE >= result.total;
  }

  // fallback: the plain realm choice, for a master administrator who may not list organisations.
  async function showPlatform(fallback) {
    show("view-platform");
    await load(0, $("p-search").value, fallback);
  }

  function debounce(f, ms) {
    let timer = null;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(f, ms);
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("p-search").addEventListener("input", debounce(() => load(0, $("p-search").value), 300));
    $("p-search-form").addEventListener("submit", (e) => {
      e.preventDefault();
      load(0, $("p-search").value);
    });
    $("p-prev").addEventListener("click", () => load(Math.max(0, list.first - PAGE), list.search));
    $("p-next").addEventListener("click", () => load(list.first + PAGE, list.search));
  });

  window.TillPlatform = Object.freeze({ show: showPlatform });
})();
