/* actlab quizzes: grade the answers in the browser, with no kernel.
 *
 * Each quiz (written by actlab/quiz.py) is a <div class="actlab-quiz"> holding one <form> per
 * question, the feedback texts already on the page (hidden, so that the page's MathJax has
 * typeset them), and a <script type="application/json"> with what is right. This script
 * grades a question when its form is submitted, moves the matching feedback into the
 * question's aria-live result, offers the answer after a first attempt, and keeps the
 * reader's answers in localStorage (per page and quiz) until "Start over". It may be included
 * several times on a page; the first copy defines everything, later copies only scan.
 * Numbers are read and compared by the same rules as quiz.py (parse_number, _within).
 */
(function () {
  "use strict";
  if (window.actlabQuiz) {
    window.actlabQuiz.scan();
    return;
  }

  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

  function parseNumber(text) {
    var s = String(text).replace(/[\s\u00a0\u2009\u202f]/g, "").replace(/\u2212/g, "-").replace(/,/g, ".");
    var slash = s.indexOf("/");
    if (slash >= 0) {
      var bottom = s.slice(slash + 1);
      var a = parseNumber(s.slice(0, slash)), b = parseNumber(bottom);
      if (a === null || b === null || b === 0 || bottom.indexOf("/") >= 0) return null;
      return a / b;
    }
    if (!NUMBER.test(s)) return null;
    var value = parseFloat(s);
    return isFinite(value) ? value : null;
  }

  function within(value, target, tolerance) {
    return Math.abs(value - target) <= tolerance + 1e-9 * Math.max(1, Math.abs(target), tolerance);
  }

  // ------------------------------------------------------------------------- saved progress

  function storageKey(root) {
    return "actlab-quiz:" + location.pathname + "#" + root.getAttribute("data-key");
  }

  function loadState(root, sig) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey(root)) || "null");
      if (saved && saved.sig === sig && saved.q) return saved;
    } catch (e) { /* no storage (private mode, sandbox): progress lasts for this visit */ }
    return { sig: sig, q: {} };
  }

  function saveState(root, state) {
    try {
      window.localStorage.setItem(storageKey(root), JSON.stringify(state));
    } catch (e) { /* as above */ }
  }

  function clearState(root) {
    try {
      window.localStorage.removeItem(storageKey(root));
    } catch (e) { /* as above */ }
  }

  // ------------------------------------------------------------------------------ grading

  // What the form holds now: an option index, a list of indices, or the typed text.
  function readAnswer(spec, form) {
    if (spec.kind === "numeric") return form.querySelector("input").value;
    var picked = [];
    form.querySelectorAll("input").forEach(function (input) {
      if (input.checked) picked.push(Number(input.value));
    });
    return spec.kind === "single" ? (picked.length ? picked[0] : null) : picked;
  }

  function writeAnswer(spec, form, answer) {
    if (spec.kind === "numeric") {
      form.querySelector("input").value = answer === null || answer === undefined ? "" : String(answer);
      return;
    }
    var picked = spec.kind === "single" ? [answer] : answer || [];
    form.querySelectorAll("input").forEach(function (input) {
      input.checked = picked.indexOf(Number(input.value)) >= 0;
    });
  }

  // {outcome: "right" | "wrong" | "invalid", notes: [feedback selectors], text: extra sentence}
  function grade(spec, answer) {
    if (spec.kind === "single") {
      if (answer === null) return { outcome: "invalid", notes: [], text: "Choose an option first." };
      return { outcome: spec.right.indexOf(answer) >= 0 ? "right" : "wrong",
               notes: ['[data-option="' + answer + '"]'], text: "" };
    }
    if (spec.kind === "multiple") {
      if (!answer.length) return { outcome: "invalid", notes: [], text: "Tick at least one option first." };
      var wrong = answer.filter(function (i) { return spec.right.indexOf(i) < 0; });
      var missed = spec.right.filter(function (i) { return answer.indexOf(i) < 0; });
      var ok = !wrong.length && !missed.length;
      var notes = (ok ? answer : wrong).map(function (i) { return '[data-option="' + i + '"]'; });
      var text = !missed.length ? "" :
        missed.length === 1 ? "One right option is missing." : missed.length + " right options are missing.";
      return { outcome: ok ? "right" : "wrong", notes: notes, text: text };
    }
    if (!String(answer).trim()) return { outcome: "invalid", notes: [], text: "Type a number first." };
    var value = parseNumber(answer);
    if (value === null) {
      return { outcome: "invalid", notes: [],
               text: "\u201c" + String(answer).trim() + "\u201d is not a number; write it like 0.25 or 1/4." };
    }
    if (within(value, spec.answer, spec.tolerance)) return { outcome: "right", notes: [], text: "" };
    for (var j = 0; j < spec.mistakes.length; j++) {
      if (within(value, spec.mistakes[j][0], spec.mistakes[j][1])) {
        return { outcome: "wrong", notes: ['[data-mistake="' + j + '"]'], text: "" };
      }
    }
    return { outcome: "wrong", notes: [], text: value > spec.answer ? "Too high." : "Too low." };
  }

  // --------------------------------------------------------------------------------- view

  function setRevealed(form, shown) {
    var button = form.querySelector(".aq-reveal");
    form.querySelector(".aq-answer").hidden = !shown;
    button.setAttribute("aria-expanded", shown ? "true" : "false");
    button.textContent = shown ? "Hide answer" : "Show answer";
  }

  // Put the verdict and the matching feedback (moved, still typeset) into the live region.
  function showResult(form, result) {
    var region = form.querySelector(".aq-result");
    var store = form.querySelector(".aq-notes");
    region.querySelectorAll(".aq-note").forEach(function (note) {
      note.hidden = true;
      store.appendChild(note);
    });
    region.textContent = "";
    region.className = "aq-result";
    if (!result) return;
    var verdict = document.createElement("p");
    verdict.className = "aq-verdict";
    var mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    mark.className = "aq-mark";
    var words = { right: ["\u2713", "Right."], wrong: ["\u2717", "Not yet."], invalid: ["?", ""] };
    mark.textContent = words[result.outcome][0];
    verdict.appendChild(mark);
    verdict.appendChild(document.createTextNode(" " + words[result.outcome][1]));
    if (result.text) verdict.appendChild(document.createTextNode(" " + result.text));
    region.appendChild(verdict);
    result.notes.forEach(function (selector) {
      var note = store.querySelector(selector);
      if (note) {
        note.hidden = false;
        region.appendChild(note);
      }
    });
    region.classList.add("aq-" + result.outcome);
  }

  function updateScore(quiz, message) {
    var right = 0;
    quiz.spec.questions.forEach(function (q) {
      var saved = quiz.state.q[q.key];
      if (saved && saved.outcome === "right") right++;
    });
    var total = quiz.spec.questions.length;
    var score = "Answered right: " + right + " of " + total + ".";
    quiz.root.querySelector(".aq-score").textContent = message ? message + " " + score : score;
    quiz.root.setAttribute("data-right", String(right));
  }

  // ------------------------------------------------------------------------------ wiring

  function setUp(root) {
    root.setAttribute("data-ready", "");
    var data = root.querySelector("script.aq-data");
    var quiz = { root: root, spec: JSON.parse(data.textContent) };
    quiz.state = loadState(root, quiz.spec.sig);
    quiz.spec.questions.forEach(function (spec) {
      var form = root.querySelector('form[data-q="' + spec.key + '"]');
      var reveal = form.querySelector(".aq-reveal");
      var saved = quiz.state.q[spec.key];
      if (saved) {
        writeAnswer(spec, form, saved.answer);
        showResult(form, grade(spec, saved.answer));
        reveal.hidden = false;
        setRevealed(form, !!saved.revealed);
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var answer = readAnswer(spec, form);
        var result = grade(spec, answer);
        showResult(form, result);
        if (result.outcome === "invalid") return; // not an attempt
        var entry = quiz.state.q[spec.key] || { attempts: 0, revealed: false };
        entry.answer = answer;
        entry.outcome = result.outcome;
        entry.attempts += 1;
        if (result.outcome === "right") entry.revealed = true;
        quiz.state.q[spec.key] = entry;
        saveState(root, quiz.state);
        reveal.hidden = false;
        setRevealed(form, entry.revealed);
        updateScore(quiz);
      });
      reveal.addEventListener("click", function () {
        var entry = quiz.state.q[spec.key];
        if (!entry) return; // only after an attempt
        entry.revealed = form.querySelector(".aq-answer").hidden;
        saveState(root, quiz.state);
        setRevealed(form, entry.revealed);
      });
      // an answer changed after its check: the old verdict no longer applies to what is shown
      form.addEventListener("input", function () {
        var region = form.querySelector(".aq-result");
        if (region.childNodes.length) showResult(form, null);
      });
    });
    root.querySelector(".aq-reset").addEventListener("click", function () {
      clearState(root);
      quiz.state = { sig: quiz.spec.sig, q: {} };
      root.querySelectorAll("form.aq-question").forEach(function (form) {
        form.reset();
        showResult(form, null);
        setRevealed(form, false);
        form.querySelector(".aq-reveal").hidden = true;
      });
      updateScore(quiz, "Your answers were cleared.");
      var first = root.querySelector("form.aq-question input");
      if (first) first.focus();
    });
    updateScore(quiz);
    root.classList.add("aq-live"); // the CSS swaps the no-script answers for the buttons
  }

  function scan() {
    document.querySelectorAll(".actlab-quiz:not([data-ready])").forEach(function (root) {
      try {
        setUp(root);
      } catch (err) {
        root.setAttribute("data-error", String(err));
        if (window.console) console.warn("actlab quiz " + root.id + ": " + err);
      }
    });
  }

  window.actlabQuiz = { scan: scan, parseNumber: parseNumber, within: within, grade: grade };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  scan();
})();
