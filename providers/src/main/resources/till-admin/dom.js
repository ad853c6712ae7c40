// The DOM helpers of every script of the administration page (window.TillDom), loaded first.
// One argument order everywhere: el(tag, className, text), button(label, className, onClick).
// Messages are PatternFly helper text inside a ".msg" box beside their control; say() replaces
// the box's message, so an old green line never stays under a new red one.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";

  const $ = (id) => document.getElementById(id);

  // el("td", "actions-cell"), el("strong", null, g.name): the text is set as text, never as HTML.
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // A PatternFly button; className adds the kind (pf-m-primary, pf-m-secondary, pf-m-danger, ...)
  // and the page's own hooks (modify, delete, ...). Without a kind it is a secondary button.
  function button(label, className, onClick) {
    const kind = /\bpf-m-(primary|secondary|tertiary|link|plain|danger|warning)\b/.test(className || "") ? "" : " pf-m-secondary";
    const b = el("button", "pf-v5-c-button" + kind + (className ? " " + className : ""), label);
    b.type = "button";
    if (onClick) b.addEventListener("click", onClick);
    return b;
  }

  // A table cell; data-label names the column when the table is stacked on a narrow screen.
  function cell(text, label, className) {
    const td = el("td", "pf-v5-c-table__td" + (className ? " " + className : ""), text);
    if (label) td.dataset.label = label;
    return td;
  }

  function row(className) {
    return el("tr", "pf-v5-c-table__tr" + (className ? " " + className : ""));
  }

  // PatternFly's status icons (Font Awesome paths, as PatternFly's own React icons draw them).
  const ICONS = {
    bad: "M504 256c0 136.997-111.043 248-248 248S8 392.997 8 256C8 119.083 119.043 8 256 8s248 111.083 248 248zm-248 50c-25.405 0-46 20.595-46 46s20.595 46 46 46 46-20.595 46-46-20.595-46-46-46zm-43.673-165.346l7.418 136c.347 6.364 5.609 11.346 11.982 11.346h48.546c6.373 0 11.635-4.982 11.982-11.346l7.418-136c.375-6.874-5.098-12.654-11.982-12.654h-63.383c-6.884 0-12.356 5.78-11.981 12.654z",
    ok: "M504 256c0 136.967-111.033 248-248 248S8 392.967 8 256 119.033 8 256 8s248 111.033 248 248zM227.314 387.314l184-184c6.248-6.248 6.248-16.379 0-22.627l-22.627-22.627c-6.248-6.249-16.379-6.249-22.628 0L216 308.118l-70.059-70.059c-6.248-6.248-16.379-6.248-22.628 0l-22.627 22.627c-6.248 6.248-6.248 16.379 0 22.627l104 104c6.249 6.249 16.379 6.249 22.628.001z",
    warn: "M569.517 440.013C587.975 472.007 564.806 512 527.94 512H48.054c-36.937 0-59.999-40.055-41.577-71.987L246.423 24.028c18.467-32.009 64.72-31.951 83.154 0l239.94 415.985zM288 354c-25.405 0-46 20.595-46 46s20.595 46 46 46 46-20.595 46-46-20.595-46-46-46zm-43.673-165.346l7.418 136c.347 6.364 5.609 11.346 11.982 11.346h48.546c6.373 0 11.635-4.982 11.982-11.346l7.418-136c.375-6.874-5.098-12.654-11.982-12.654h-63.383c-6.884 0-12.356 5.78-11.981 12.654z",
  };

  function icon(tone) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", tone === "warn" ? "0 0 576 512" : "0 0 512 512");
    svg.setAttribute("width", "1em");
    svg.setAttribute("height", "1em");
    svg.setAttribute("fill", "currentColor");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", ICONS[tone]);
    svg.appendChild(path);
    return svg;
  }

  const ITEM = { bad: "pf-m-error", ok: "pf-m-success", warn: "pf-m-warning", hint: "" };

  // The form control wrapper (span.pf-v5-c-form-control) of the control a message box is for
  // (data-for="<input id>"), marked as in error while any of its boxes shows an error.
  function markControl(box) {
    const control = box.dataset && box.dataset.for ? $(box.dataset.for) : null;
    if (!control) return;
    const bad = Boolean(document.querySelector(".msg.bad[data-for=\"" + CSS.escape(control.id) + "\"]"));
    const wrapper = control.closest(".pf-v5-c-form-control");
    if (wrapper) wrapper.classList.toggle("pf-m-error", bad);
    if (bad) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }

  // Shows one message in a .msg box (an id or the element): tone "bad" (an error), "ok" (done),
  // "warn" or "hint"; an empty message clears the box. The box keeps the classes "bad"/"ok".
  function say(target, message, tone) {
    const box = typeof target === "string" ? $(target) : target;
    const kind = message ? tone || "ok" : null;
    box.replaceChildren();
    box.classList.toggle("bad", kind === "bad");
    box.classList.toggle("ok", kind === "ok");
    markControl(box);
    if (!message) return;
    const item = el("div", "pf-v5-c-helper-text__item " + ITEM[kind]);
    if (kind !== "hint") item.appendChild(el("span", "pf-v5-c-helper-text__item-icon")).appendChild(icon(kind));
    item.appendChild(el("span", "pf-v5-c-helper-text__item-text", message));
    box.appendChild(el("div", "pf-v5-c-helper-text")).appendChild(item);
  }

  // Clears every message box inside root (an element or an id).
  function clear(root) {
    const scope = typeof root === "string" ? $(root) : root || document;
    scope.querySelectorAll(".msg").forEach((m) => say(m, ""));
  }

  // ---- the server's words, in plain words ------------------------------------------------------
  // The admin REST API names its JSON fields ("Field 'code' is required", "md5Digest must be ...");
  // an administrator knows the form's labels. labels: {apiField: "Label on the form"}.
  // Returns {field, text}: the API field the message is about (or null) and the text to show.
  const FIELD_TEXTS = [
    [/^Field '(\w+)' is required$/, (label) => label + " is required."],
    [/^Field '(\w+)' must not exceed (\d+) characters$/, (label, n) => label + " can be at most " + n + " characters long."],
    [/^Field '(\w+)' must not contain control characters/, (label) => label + " contains characters that cannot be used (control characters); retype it."],
    [/^Field '(\w+)' must not contain invisible/, (label) => label + " contains invisible or text-direction characters; retype it."],
    [/^Field '(\w+)' must be (a string|true or false|a JSON object)$/, (label) => label + " has a value the server cannot read; reload the page and try again."],
    [/^Field '(\w+)' must appear only once$/, (label) => label + " was sent twice; reload the page and try again."],
    [/^Unknown field '(\w+)'$/, () => "The server does not accept what this page sent; reload the page (it may have been updated) and try again."],
  ];
  const TEXTS = [
    [/^md5Digest must be/, "md5Digest", "An MD5 digest is 32 hexadecimal characters (0–9 and a–f)."],
    [/^Send exactly one of 'password' and 'md5Digest'$/, "password", "Type a password or an MD5 digest."],
    [/^This password is 32 hexadecimal characters/, "password", "This password looks like an MD5 digest (32 hexadecimal characters). To import a legacy digest, choose the MD5 digest as the credential."],
    [/^Use default till for invalid till codes/, "useDefaultTillForInvalidTill", "The fallback setting has a value the server cannot read; reload the page and try again."],
  ];
  // Field names as the API writes them, so that no quoted API name is shown even without a label.
  const DEFAULT_LABELS = {
    name: "The name", description: "The description", code: "The code", store: "The store", password: "The password",
    md5Digest: "The MD5 digest", tokenExpiry: "The token expiry", defaultTill: "The default till code",
    accessGroup: "The access group", useDefaultTillForInvalidTill: "The fallback setting", gracePeriod: "The grace period",
    tokenLifespanCeiling: "The new maximum", basicAuthentication: "The basic authentication setting",
  };

  function plain(message, labels) {
    const text = String(message || "");
    const names = Object.assign({}, DEFAULT_LABELS, labels || {});
    for (const [pattern, render] of FIELD_TEXTS) {
      const m = pattern.exec(text);
      if (m) {
        const label = names[m[1]] || "A value";
        return { field: m[1], text: render(label.charAt(0).toUpperCase() + label.slice(1), m[2]) };
      }
    }
    for (const [pattern, field, replacement] of TEXTS) {
      if (pattern.test(text)) return { field, text: replacement };
    }
    return { field: null, text };
  }

  // A refusal shown beside the control it is about. fields: {apiField: {msg, label, match}} where
  // match (optional) is a pattern of the server's own texts about that field ("^Till code").
  // Messages about no known field go to fallback (a .msg id, or a function).
  function refuse(message, fields, fallback) {
    const labels = {};
    Object.keys(fields).forEach((k) => (labels[k] = fields[k].label));
    const p = plain(message, labels);
    let target = p.field && fields[p.field] ? fields[p.field].msg : null;
    if (!target) {
      const hit = Object.keys(fields).find((k) => fields[k].match && fields[k].match.test(message));
      target = hit ? fields[hit].msg : null;
    }
    if (!target && typeof fallback === "function") return fallback(p.text);
    say(target || fallback, p.text, "bad");
    return target || fallback;
  }

  window.TillDom = Object.freeze({ $, el, button, cell, row, say, clear, plain, refuse });
})();
