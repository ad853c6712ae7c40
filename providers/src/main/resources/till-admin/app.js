// till-auth administration page: signs the administrator in with Keycloak (authorization code +
// PKCE S256, public client "till-admin" of the realm this page is served from) and calls the
// realm's admin REST API with that token. Tokens and secrets live in memory only.
"use strict";

(function () {
  const loginRealm = decodeURIComponent(location.pathname.split("/")[2]);
  const pageUrl = location.origin + location.pathname;
  const oidc = location.origin + "/realms/" + encodeURIComponent(loginRealm) + "/protocol/openid-connect";
  const CLIENT_ID = "till-admin";
  let tokens = null; // {access, refresh, expiresAt}
  let realm = null; // the organisation being administered
  let shownSecret = null;
  let regenerating = null;
  let editing = null; // the API client being modified (null: registering a new one)
  let ceiling = null; // the organisation's token expiry limit: {seconds, text}

  const { $, el, button, cell, row: tableRow, say, clear, refuse } = window.TillDom;
  // Sections of the page; a module's route shows one of them (see TillAdmin.route below).
  const routes = {};

  // The bar above the screens (signing in, an error no control owns) takes no room when empty.
  function topBar() {
    $("top").hidden = $("status").hidden && $("error").hidden;
  }

  function show(view) {
    document.querySelectorAll("main > section").forEach((s) => (s.hidden = s.id !== view));
    $("status").hidden = true;
    topBar();
  }

  // An error that belongs to no control (a screen that cannot load): the alert above the screen.
  function error(message) {
    $("error-text").textContent = message || "";
    $("error").hidden = !message;
    topBar();
  }

  // ---- sign-in ------------------------------------------------------------------------------
  function b64url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes)))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function random() {
    return b64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  // The page's own query (?realm=...) without the parameters of a sign-in answer.
  const ANSWER = ["code", "state", "session_state", "iss", "error", "error_description", "error_uri"];
  function ownSearch() {
    const params = new URLSearchParams(location.search);
    ANSWER.forEach((k) => params.delete(k));
    const query = params.toString();
    return query ? "?" + query : "";
  }

  // Where the administrator last was (query and route), for a sign-in answer that arrives without
  // them: Keycloak answers at the bare page URL.
  const LAST = "till-admin.last";
  function remember() {
    sessionStorage.setItem(LAST, JSON.stringify({ search: ownSearch(), hash: location.hash }));
  }

  // replace: the sign-in request takes the place of the current history entry (a stale answer's).
  async function signIn(replace, back) {
    const verifier = random();
    const state = random();
    const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const to = back || { hash: location.hash, search: ownSearch() };
    sessionStorage.setItem("till-admin.pkce", JSON.stringify({ verifier, state, hash: to.hash, search: to.search }));
    const params = new URLSearchParams({
      client_id: CLIENT_ID, redirect_uri: pageUrl, response_type: "code", scope: "openid",
      state, code_challenge: challenge, code_challenge_method: "S256",
    });
    if (replace) location.replace(oidc + "/auth?" + params);
    else location.assign(oidc + "/auth?" + params);
  }

  // A sign-in answer this page cannot use (an old one reached with Back or reload, or from another
  // tab; a code already spent): sign in again on its own, back to where the administrator was.
  // Keycloak's session usually answers at once without a login form. A few attempts in a row, then
  // a message instead of a loop.
  const RETRIES = "till-admin.retries";
  async function signInAgain() {
    const retries = Number(sessionStorage.getItem(RETRIES) || "0");
    if (retries >= 3) {
      sessionStorage.removeItem(RETRIES);
      history.replaceState(null, "", pageUrl + ownSearch() + location.hash);
      throw new Error("Signing in did not complete; reload the page to try again");
    }
    sessionStorage.setItem(RETRIES, String(retries + 1));
    const last = JSON.parse(sessionStorage.getItem(LAST) || "null") || {};
    const search = ownSearch() || last.search || "";
    const hash = location.hash || last.hash || "";
    await signIn(true, { search, hash });
    return false;
  }

  async function tokenRequest(form) {
    const response = await fetch(oidc + "/token", {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    const body = await response.json();
    if (!response.ok) {
      const e = new Error(body.error_description || body.error || "Sign-in failed");
      e.oauth = body.error;
      throw e;
    }
    tokens = {
      access: body.access_token, refresh: body.refresh_token, idToken: body.id_token,
      expiresAt: Date.now() + body.expires_in * 1000,
    };
    return tokens;
  }

  // true when signed in; false when the page is on its way to Keycloak again.
  async function completeSignIn() {
    const params = new URLSearchParams(location.search);
    const saved = JSON.parse(sessionStorage.getItem("till-admin.pkce") || "null");
    sessionStorage.removeItem("till-admin.pkce");
    // Only an answer to this page's own sign-in request is used: anyone can link here with ?error=,
    // and Back or reload bring an old answer. Either way the page signs in afresh.
    if (!saved || params.get("state") !== saved.state) return signInAgain();
    if (params.get("error")) {
      sessionStorage.removeItem(RETRIES);
      history.replaceState(null, "", pageUrl + (saved.search || "") + (saved.hash || ""));
      throw new Error(params.get("error_description") || params.get("error"));
    }
    try {
      await tokenRequest({
        grant_type: "authorization_code", client_id: CLIENT_ID, code: params.get("code"),
        redirect_uri: pageUrl, code_verifier: saved.verifier,
      });
    } catch (e) {
      if (e.oauth === "invalid_grant") return signInAgain(); // a code already used or expired
      throw e;
    }
    sessionStorage.removeItem(RETRIES);
    // Drop code and state from the address bar; keep the page's own query and route.
    history.replaceState(null, "", pageUrl + (saved.search || "") + (saved.hash || ""));
    return true;
  }

  async function accessToken() {
    if (tokens && Date.now() > tokens.expiresAt - 15000) {
      try {
        await tokenRequest({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: tokens.refresh });
      } catch (e) {
        await signIn();
      }
    }
    return tokens.access;
  }

  function claims(token) {
    return JSON.parse(decodeURIComponent(escape(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")))));
  }

  // ---- admin REST ---------------------------------------------------------------------------
  // path is relative to /admin/realms/{realm}, e.g. "/api-clients" or "/tills/t1".
  // adminFetch: the raw Response (for headers such as X-Total-Count, file bodies and downloads);
  // options.body is sent as it is with options.contentType.
  async function adminFetch(method, path, options) {
    const opts = options || {};
    const headers = { Authorization: "Bearer " + (await accessToken()) };
    if (opts.contentType) headers["Content-Type"] = opts.contentType;
    return fetch(location.origin + "/admin/realms/" + encodeURIComponent(realm) + path, {
      method, headers, body: opts.body, cache: "no-store",
    });
  }

  // The error of a refused request: the server's text, its status and its JSON body.
  function failure(response, json) {
    const message = (json && (json.error_description || json.errorMessage || json.error)) ||
      (response.status === 403 ? "You are not allowed to do this (your Keycloak admin role does not allow it)" : "Request failed (" + response.status + ")");
    const e = new Error(message);
    e.status = response.status;
    e.body = json;
    return e;
  }

  // The JSON body of a response, or null (empty, or not JSON: a proxy's error page).
  async function jsonOf(response) {
    const text = await response.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch (e) {
      if (response.ok) throw e;
      return null;
    }
  }

  async function adminApi(method, path, body) {
    const response = await adminFetch(method, path, body === undefined
      ? { contentType: "application/json" }
      : { contentType: "application/json", body: JSON.stringify(body) });
    if (response.status === 204) return null;
    const json = await jsonOf(response);
    if (!response.ok) throw failure(response, json);
    return json;
  }

  const api = (method, path, body) => adminApi(method, "/api-clients" + path, body);

  // ---- list ---------------------------------------------------------------------------------
  async function showList() {
    error("");
    say("list-msg", "");
    const [clients, settings] = await Promise.all([api("GET", ""), api("GET", "/settings")]);
    $("limit-hint").textContent = settings.clients + " of " + settings.maxClients + " API clients used · token expiry at most " + settings.maxTokenExpiryText;
    ceiling = { seconds: settings.maxTokenExpirySeconds, text: settings.maxTokenExpiryText };
    $("new-client").disabled = settings.clients >= settings.maxClients;
    $("new-client").title = $("new-client").disabled ? "The organisation has its maximum of " + settings.maxClients + " API clients" : "";
    const rows = $("client-rows");
    rows.replaceChildren();
    clients.forEach((c) => rows.appendChild(row(c)));
    $("no-clients").hidden = clients.length > 0;
    show("view-list");
  }

  // When the secret was issued: clients registered before secrets were dated have no date.
  function issued(c) {
    if (!c.hasSecret) return "no secret yet";
    const at = new Date(Number(c.secretIssuedAt) * 1000);
    return c.secretIssuedAt && !Number.isNaN(at.getTime()) ? at.toLocaleString() : "not recorded";
  }

  function row(c) {
    const tr = tableRow();
    tr.dataset.clientKey = c.clientKey;
    tr.appendChild(cell(c.name + (c.enabled ? "" : " (disabled)"), null, "name"));
    const key = cell(null, "Client key");
    key.appendChild(el("code", null, c.clientKey));
    tr.appendChild(key);
    tr.appendChild(cell(c.tokenExpiry || "realm default", "Token expiry"));
    tr.appendChild(cell(c.defaultTill, "Default till"));
    tr.appendChild(cell(c.accessGroup, "Access group"));
    tr.appendChild(cell(issued(c), "Secret issued"));
    const actions = cell(null, null, "actions-cell");
    const message = el("div", "msg");
    actions.append(
      button("Modify", "pf-m-secondary pf-m-small modify", () => showForm(c).catch((e) => say(message, e.message, "bad"))),
      button("Regenerate secret", "pf-m-secondary pf-m-small regenerate", () => startRegenerate(c)),
      button("Delete", "pf-m-secondary pf-m-danger pf-m-small delete", () => remove(c, message)),
      message);
    tr.appendChild(actions);
    return tr;
  }

  async function remove(c, message) {
    clear("view-list");
    if (!confirm("Delete API client \"" + c.name + "\" (" + c.clientKey + ")? Its tokens stop working.")) return;
    try {
      await api("DELETE", "/" + encodeURIComponent(c.id));
    } catch (e) {
      say(message, e.message, "bad");
      return;
    }
    await showList();
    say("list-msg", "API client \"" + c.name + "\" deleted.");
  }

  // ---- register and modify (one form) -------------------------------------------------------
  // The form's messages: each beside its field; a new action clears them all.
  function clearFormMessages() {
    error("");
    clear("view-form");
    expiryChanged();
  }

  // The form's fields as the API names them: where the server's refusals about them are shown.
  const FORM_FIELDS = {
    name: { msg: "f-name-msg", label: "The client name", match: /^An API client named/ },
    description: { msg: "f-description-msg", label: "The description" },
    tokenExpiry: { msg: "f-expiry-msg", label: "The token expiry", match: /token expiry/i },
    defaultTill: { msg: "till-result", label: "The default till code", match: /^Default till/ },
    accessGroup: { msg: "f-group-msg", label: "The access group", match: /^Access group/ },
    useDefaultTillForInvalidTill: { msg: "f-fallback-msg", label: "The fallback setting" },
  };

  // A refusal of the server, shown beside the field it is about, in the form's words.
  function formRefused(message) {
    refuse(message, FORM_FIELDS, "f-form-msg");
  }

  // ---- checks before the round trip (the server checks everything again) ---------------------
  const UNIT_SECONDS = { m: 60, h: 3600, d: 86400 };

  function expirySeconds() {
    const raw = $("f-expiry").value.trim();
    return /^[0-9]+$/.test(raw) ? Number(raw) * UNIT_SECONDS[$("f-expiry-unit").value] : NaN;
  }

  // Modify: an unchanged expiry above a ceiling lowered since is not sent, so it does not block.
  function expiryUnchanged() {
    if (!editing) return false;
    const [amount, unit] = expiryParts(editing.tokenExpirySeconds);
    return $("f-expiry").value.trim() === amount && $("f-expiry-unit").value === unit;
  }

  // The hint under the expiry names the ceiling; above it, the hint becomes the error and Next
  // (or Save) cannot be pressed.
  function expiryChanged() {
    if (!ceiling) return;
    const over = expirySeconds() > ceiling.seconds;
    const blocked = over && !expiryUnchanged();
    if (blocked) {
      say("expiry-hint", "Longer than the organisation's limit: a token expiry is at most " + ceiling.text + ".", "bad");
    } else if (over) {
      say("expiry-hint", "Longer than the organisation's limit of " + ceiling.text + ": its tokens are shortened to it. A new expiry must be at most " + ceiling.text + ".", "warn");
    } else {
      say("expiry-hint", "At most " + ceiling.text + " (the organisation's limit).", "hint");
    }
    $("next").disabled = blocked;
  }

  // Every problem the page can see by itself, each beside its field; true when there is none.
  function formChecked() {
    const problems = [];
    const problem = (id, msg, text) => {
      say(msg, text, "bad");
      problems.push(id);
    };
    if (!$("f-name").value.trim()) problem("f-name", "f-name-msg", "Type a name for the API client.");
    const raw = $("f-expiry").value.trim();
    if (!raw && !$("f-expiry").validity.badInput) {
      problem("f-expiry", "f-expiry-msg", "Type the token expiry: a whole number of minutes, hours or days.");
    } else if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) {
      problem("f-expiry", "f-expiry-msg", "The token expiry is a whole number of minutes, hours or days, at least 1.");
    } else if (ceiling && expirySeconds() > ceiling.seconds && !expiryUnchanged()) {
      problems.push("f-expiry"); // the hint says it already
    }
    if (!$("f-till").value.trim()) problem("f-till", "till-result", "Type the default till code.");
    if (!$("f-group").value) problem("f-group", "f-group-msg", "Choose an access group.");
    if (problems.length) $(problems[0]).focus();
    return problems.length === 0;
  }

  // "45m", seconds 2700 -> [45, "m"]; whole days or hours as such, otherwise minutes.
  function expiryParts(seconds) {
    if (!seconds) return ["", "m"];
    if (seconds % 86400 === 0) return [String(seconds / 86400), "d"];
    if (seconds % 3600 === 0) return [String(seconds / 3600), "h"];
    return [String(Math.max(1, Math.round(seconds / 60))), "m"];
  }

  // client: the API client to modify, or nothing to register a new one.
  async function showForm(client) {
    clearFormMessages();
    editing = client || null;
    $("client-form").reset();
    // Fetched each time: access groups are created and deactivated on another screen.
    const groups = await api("GET", "/access-groups");
    $("f-group").replaceChildren($("f-group").options[0]);
    const names = groups.map((g) => g.name);
    // A client's own group stays choosable even when it has been deactivated since.
    if (editing && editing.accessGroup && !names.includes(editing.accessGroup)) names.push(editing.accessGroup);
    names.forEach((name) => {
      const option = el("option", null, name);
      option.value = name;
      $("f-group").appendChild(option);
    });
    $("form-title").textContent = editing ? "Modify API client" : "Register API client";
    $("form-for").hidden = !editing;
    $("next").textContent = editing ? "Save" : "Next";
    if (editing) {
      $("form-for").textContent = "Client key " + editing.clientKey + ". The secret is not shown again; regenerate it from the list if it is lost.";
      const [amount, unit] = expiryParts(editing.tokenExpirySeconds);
      $("f-name").value = editing.name || "";
      $("f-description").value = editing.description || "";
      $("f-expiry").value = amount;
      $("f-expiry-unit").value = unit;
      $("f-till").value = editing.defaultTill || "";
      $("f-fallback").checked = Boolean(editing.useDefaultTillForInvalidTill);
      $("f-group").value = editing.accessGroup || "";
    }
    expiryChanged();
    show("view-form");
    $("f-name").focus();
  }

  async function validateTill() {
    say("till-result", "");
    const code = $("f-till").value.trim();
    if (!code) {
      say("till-result", "Type the default till code first.", "bad");
      return;
    }
    try {
      const till = await api("GET", "/default-till?code=" + encodeURIComponent(code));
      say("till-result", till.defaultTill + " is an enabled till" + (till.storeCode ? " of store " + till.storeCode : "") + ".", "ok");
    } catch (e) {
      refuse(e.message, { code: { msg: "till-result", label: "The default till code" } }, "till-result");
    }
  }

  function formBody() {
    return {
      name: $("f-name").value,
      description: $("f-description").value || null,
      tokenExpiry: $("f-expiry").value ? $("f-expiry").value + $("f-expiry-unit").value : null,
      defaultTill: $("f-till").value,
      useDefaultTillForInvalidTill: $("f-fallback").checked,
      accessGroup: $("f-group").value || null,
    };
  }

  // Modify sends only what changed (absent fields stay as they are), so that an unchanged till or
  // access group that is no longer valid does not block a change of, say, the description.
  function changes(body, before) {
    const [amount, unit] = expiryParts(before.tokenExpirySeconds);
    const was = {
      name: before.name, description: before.description || null, tokenExpiry: amount ? amount + unit : null,
      defaultTill: before.defaultTill || "", useDefaultTillForInvalidTill: Boolean(before.useDefaultTillForInvalidTill),
      accessGroup: before.accessGroup || null,
    };
    const changed = {};
    Object.keys(body).forEach((k) => {
      if (body[k] !== was[k]) changed[k] = k === "description" && body[k] === null ? "" : body[k];
    });
    return changed;
  }

  async function register(event) {
    event.preventDefault();
    clearFormMessages();
    if (!formChecked()) return;
    $("next").disabled = true;
    try {
      if (editing) {
        const changed = changes(formBody(), editing);
        if (Object.keys(changed).length) await api("PUT", "/" + encodeURIComponent(editing.id), changed);
        const name = changed.name || editing.name;
        editing = null;
        await showList();
        say("list-msg", Object.keys(changed).length ? "API client \"" + name + "\" saved." : "Nothing changed.");
        return;
      }
      const created = await api("POST", "", formBody());
      showSecret(created.name, created.clientKey, created.clientSecret, null);
    } catch (e) {
      formRefused(e.message);
    } finally {
      $("next").disabled = false;
      expiryChanged();
    }
  }

  // ---- secret, shown once -------------------------------------------------------------------
  function showSecret(name, key, secret, previousValidUntil) {
    shownSecret = secret;
    $("secret-for").textContent = "Credentials of \"" + name + "\".";
    $("out-key").value = key;
    $("out-secret").value = secret;
    say("copied", "");
    $("grace-note").hidden = !previousValidUntil;
    if (previousValidUntil) {
      $("grace-note").textContent = "The previous secret keeps working until " + new Date(previousValidUntil * 1000).toLocaleString() + ".";
    }
    show("view-secret");
  }

  async function copy(button) {
    const field = $(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (e) {
      field.select();
      document.execCommand("copy");
    }
    say("copied", (button.dataset.copy === "out-key" ? "Client key" : "Client secret") + " copied to the clipboard.");
  }

  function forgetSecret() {
    shownSecret = null;
    $("out-secret").value = "";
    $("out-key").value = "";
  }

  async function done() {
    forgetSecret();
    await showList();
  }

  async function doneThenNew() {
    forgetSecret();
    await showForm();
  }

  // The secret is shown once: leaving its screen any other way than Done asks first.
  function mayLeaveSecret() {
    if (shownSecret === null || $("view-secret").hidden) return true;
    if (!confirm("Leave this screen? The client secret shown here cannot be shown again; copy it first or regenerate it later.")) return false;
    forgetSecret();
    return true;
  }

  // ---- regenerate ---------------------------------------------------------------------------
  function startRegenerate(c) {
    error("");
    say("regenerate-msg", "");
    regenerating = c;
    $("regenerate-for").textContent = "A new secret for \"" + c.name + "\" (" + c.clientKey + ") will be shown once.";
    $("f-grace").value = "0";
    show("view-regenerate");
  }

  // What regenerating does to the secrets in use, for the confirmation.
  function regenerateConsequence(c, grace) {
    const label = $("f-grace").options[$("f-grace").selectedIndex].textContent;
    let text = "The current secret stops working " + label + "; every integration that uses it must be given the new secret.";
    if (grace !== "0") text += " The new secret works at once.";
    if (c.previousSecretValidUntil && c.previousSecretValidUntil * 1000 > Date.now()) {
      text += " The older secret still in its grace period stops working now.";
    }
    return text;
  }

  async function regenerate() {
    say("regenerate-msg", "");
    const grace = $("f-grace").value;
    if (!confirm("Regenerate the secret of \"" + regenerating.name + "\"? " + regenerateConsequence(regenerating, grace))) return;
    try {
      const issued = await api("POST", "/" + encodeURIComponent(regenerating.id) + "/secret", { gracePeriod: $("f-grace").value });
      showSecret(regenerating.name, issued.clientKey, issued.clientSecret, issued.previousSecretValidUntil);
    } catch (e) {
      refuse(e.message, { gracePeriod: { msg: "regenerate-msg", label: "The grace period" } }, "regenerate-msg");
    }
  }

  // ---- realm choice (administrators of the master realm) ------------------------------------
  async function chooseRealm() {
    const response = await fetch(location.origin + "/admin/realms?briefRepresentation=true", {
      headers: { Authorization: "Bearer " + (await accessToken()) },
    });
    const realms = response.ok ? await response.json() : [];
    const list = $("realm-list");
    list.replaceChildren();
    realms.filter((r) => r.realm !== "master").forEach((r) => {
      const a = el("a", null, r.displayName ? r.displayName + " (" + r.realm + ")" : r.realm);
      a.href = pageUrl + "?realm=" + encodeURIComponent(r.realm);
      list.appendChild(el("li")).appendChild(a);
    });
    show("view-realms");
  }

  // ---- routes -------------------------------------------------------------------------------
  // Each screen is a hash route (#/api-clients, ...) registered with TillAdmin.route(name, onShow);
  // the nav link <a href="#/name"> is marked active while its route shows.
  function route(name, onShow) {
    routes[name] = onShow;
  }

  // Below 1200 px the sidebar is closed behind the Menu button of the masthead.
  function openNav(open) {
    $("sidebar").classList.toggle("pf-m-expanded", open);
    $("nav-toggle").setAttribute("aria-expanded", String(open));
  }

  let currentHash = location.hash;
  async function navigate() {
    if (!mayLeaveSecret()) {
      history.replaceState(null, "", currentHash || "#/api-clients"); // stay: no hashchange
      return;
    }
    currentHash = location.hash;
    remember();
    const name = (location.hash.match(/^#\/([a-z-]+)/) || [])[1] || "api-clients";
    const onShow = routes[name] || routes["api-clients"];
    document.querySelectorAll("#nav a").forEach((a) => {
      const current = a.getAttribute("href") === "#/" + name;
      a.classList.toggle("active", current);
      a.classList.toggle("pf-m-current", current);
      if (current) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    openNav(false);
    error("");
    try {
      await onShow();
    } catch (e) {
      error(e.message);
    }
  }

  route("api-clients", showList);

  // What other page modules (loaded after this file) use.
  window.TillAdmin = Object.freeze({
    show, error, adminApi, adminFetch, jsonOf, failure, route, realm: () => realm, accessToken, loginRealm: () => loginRealm,
  });

  // ---- start --------------------------------------------------------------------------------
  async function start() {
    const params = new URLSearchParams(location.search);
    if (params.has("code") || params.has("error") || params.has("state")) {
      if (!(await completeSignIn())) return;
    } else {
      await signIn();
      return;
    }
    // The name from the ID token: the page client's access tokens are lightweight (no profile, no roles).
    const who = claims(tokens.idToken || tokens.access);
    realm = new URLSearchParams(location.search).get("realm") || (loginRealm === "master" ? null : loginRealm);
    $("who-name").textContent = who.preferred_username || who.sub;
    $("who-realm").textContent = realm || loginRealm;
    $("console-link").href = location.origin + "/admin/" + encodeURIComponent(loginRealm) + "/console/" + (realm ? "#/" + encodeURIComponent(realm) + "/clients" : "");
    $("who").hidden = false;
    $("sidebar").hidden = !realm;
    $("nav-toggle").hidden = !realm;
    if (!realm) {
      // The platform view (platform.js); the plain realm choice for those who may not list organisations.
      if (window.TillPlatform) await window.TillPlatform.show(chooseRealm);
      else await chooseRealm();
      return;
    }
    window.addEventListener("hashchange", navigate);
    await navigate();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("nav-toggle").addEventListener("click", () => openNav(!$("sidebar").classList.contains("pf-m-expanded")));
    $("new-client").addEventListener("click", () => showForm().catch((e) => error(e.message)));
    $("done-new").addEventListener("click", () => doneThenNew().catch((e) => error(e.message)));
    // Reload or closing the tab while the secret is on screen: the browser's own "Leave site?".
    window.addEventListener("beforeunload", (event) => {
      if (shownSecret !== null && !$("view-secret").hidden) event.preventDefault();
    });
    $("cancel-form").addEventListener("click", () => showList().catch((e) => error(e.message)));
    $("validate-till").addEventListener("click", validateTill);
    $("client-form").addEventListener("submit", register);
    $("client-form").addEventListener("input", () => error(""));
    // Typing in a field clears its own message; the expiry is checked against the ceiling as typed.
    [["f-name", "f-name-msg"], ["f-description", "f-description-msg"], ["f-till", "till-result"], ["f-group", "f-group-msg"],
      ["f-fallback", "f-fallback-msg"]].forEach(([field, msg]) => $(field).addEventListener("input", () => say(msg, "")));
    ["input", "change"].forEach((type) => {
      $("f-expiry").addEventListener(type, () => { say("f-expiry-msg", ""); expiryChanged(); });
      $("f-expiry-unit").addEventListener(type, () => { say("f-expiry-msg", ""); expiryChanged(); });
    });
    document.querySelectorAll("button.copy").forEach((b) => b.addEventListener("click", () => copy(b)));
    $("done").addEventListener("click", () => done().catch((e) => error(e.message)));
    $("cancel-regenerate").addEventListener("click", () => showList().catch((e) => error(e.message)));
    $("confirm-regenerate").addEventListener("click", regenerate);
    $("sign-out").addEventListener("click", () => {
      const params = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: pageUrl });
      if (tokens && tokens.idToken) params.set("id_token_hint", tokens.idToken);
      tokens = null;
      location.assign(oidc + "/logout?" + params);
    });
    start().catch((e) => {
      $("status").hidden = true;
      error(e.message);
    });
  });
})();
