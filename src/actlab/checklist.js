/* actlab revision checklist: mark each item from the quizzes' saved answers, in the browser only.
 *
 * The checklist (written by actlab/reference/checklist.py) is a list of items, each with an empty
 * <span class="acl-status" data-item="KEY">, and one <div class="actlab-checklist"> holding a
 * summary line and a <script type="application/json"> that says, for each item, which quiz
 * questions test it: the quiz's page (relative to this one), the quiz's key and signature, and the
 * question's key. Quizzes (actlab/quiz.js) save their progress in localStorage under
 * "actlab-quiz:" + the quiz page's path + "#" + the quiz key, as {sig, q: {question: {outcome}}}.
 * This script only reads those entries; it sends nothing anywhere. An item is "shown" when every
 * question that tests it was answered right, "in progress" when one was attempted, "not yet" otherwise.
 * It also points each item's quiz links at the exact question.
 */
(function () {
  "use strict";

  var WORDS = {
    shown: ["\u2713", "shown"],
    tried: ["\u2026", "in progress"],
    todo: ["\u25cb", "not yet"]
  };

  // The quiz page's path as quiz.js saw it (location.pathname there); a server that drops
  // ".html" (or serves "x/index.html" as "x/") gives another spelling of the same page.
  function paths(relative) {
    var path = new URL(relative, window.location.href).pathname;
    var out = [path];
    if (/\.html$/.test(path)) out.push(path.replace(/\.html$/, ""));
    if (/\/index\.html$/.test(path)) out.push(path.replace(/index\.html$/, ""));
    return out;
  }

  function saved(test) {
    var candidates = paths(test.page);
    for (var i = 0; i < candidates.length; i++) {
      var entry = null;
      try {
        entry = JSON.parse(window.localStorage.getItem("actlab-quiz:" + candidates[i] + "#" + test.quiz) || "null");
      } catch (e) {
        return null; // no storage here (private mode, a sandbox): nothing to show
      }
      // progress saved for another version of the quiz no longer counts, as in quiz.js
      if (entry && entry.sig === test.sig && entry.q) return entry.q[test.question] || null;
    }
    return null;
  }

  function status(item) {
    var right = 0, tried = 0;
    item.tests.forEach(function (test) {
      var answer = saved(test);
      if (answer) tried++;
      if (answer && answer.outcome === "right") right++;
    });
    if (item.tests.length && right === item.tests.length) return "shown";
    return tried ? "tried" : "todo";
  }

  // The item's last links are its quiz links, one per test and in the same order (checklist.py
  // writes them so): point each at its question rather than at the top of the quiz.
  function deepLinks(li, item) {
    var links = li.querySelectorAll("a[href]");
    var first = links.length - item.tests.length;
    if (first < 0) return;
    item.tests.forEach(function (test, i) {
      var a = links[first + i];
      var href = a.getAttribute("href");
      if (new URL(href, window.location.href).pathname !== new URL(test.page, window.location.href).pathname) return;
      a.setAttribute("href", href.split("#")[0] + "#" + test.anchor);
    });
  }

  function update(root, spec) {
    var counts = { shown: 0, tried: 0, todo: 0 };
    spec.items.forEach(function (item) {
      var slot = document.querySelector('.acl-status[data-item="' + item.key + '"]');
      var state = status(item);
      counts[state]++;
      if (!slot) return;
      slot.className = "acl-status acl-" + state;
      slot.textContent = "";
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = WORDS[state][0] + " ";
      slot.appendChild(mark);
      slot.appendChild(document.createTextNode(WORDS[state][1]));
      var li = slot.closest("li");
      if (li) {
        li.classList.add("acl-item");
        li.setAttribute("data-acl-state", state);
        if (!li.hasAttribute("data-acl-ready")) {
          deepLinks(li, item);
          li.setAttribute("data-acl-ready", "");
        }
      }
    });
    var total = spec.items.length;
    var summary = root.querySelector(".acl-summary");
    summary.textContent = "You have shown " + counts.shown + " of " + total + " items" +
      (counts.tried ? ", and started " + counts.tried + " more" : "") +
      ". This is read from the quiz answers saved in this browser; nothing is sent anywhere.";
    root.setAttribute("data-shown", String(counts.shown));
  }

  function setUp(root) {
    root.setAttribute("data-ready", "");
    var spec = JSON.parse(root.querySelector("script.acl-data").textContent);
    var refresh = function () { update(root, spec); };
    refresh();
    // answers given in another tab, or on a page visited and left with the back button
    window.addEventListener("storage", refresh);
    window.addEventListener("pageshow", refresh);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") refresh();
    });
  }

  function scan() {
    document.querySelectorAll(".actlab-checklist:not([data-ready])").forEach(function (root) {
      try {
        setUp(root);
      } catch (err) {
        root.setAttribute("data-error", String(err));
        if (window.console) console.warn("actlab checklist: " + err);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
