/* The course's slide decks: one slide at a time, driven by the keyboard or the buttons.
 *
 * Without this script a deck is one long page of slides, which also prints. With it:
 * Right, Down, Space, Page Down or Enter: next slide; Left, Up, Page Up or Backspace: back
 * (on a slide taller than the screen, Down and Up scroll it first);
 * Home, End: first, last; N: speaker notes on or off; F: full screen; Esc: leave a control.
 * The address keeps the slide (#slide-3; the slide's own id differs, so that the browser does not
 * focus it when the page opens at that address). An address naming an explorer setting
 * (#grid-bending:depth=3, the chapter pages' links) opens the slide holding that explorer,
 * and the explorer applies the setting itself; one naming a section of the chapter
 * (#the-picture) opens the slide where that section starts. Keys typed into an explorer's controls stay
 * with the controls.
 */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  if (!slides.length) return;
  var current = 0;
  var count = document.querySelector(".deck-count");
  var prev = document.querySelector(".deck-prev");
  var next = document.querySelector(".deck-next");
  var notesToggle = document.querySelector(".deck-notes-toggle");
  var helpToggle = document.querySelector(".deck-help-toggle");
  var help = document.getElementById("deck-help");
  var notesKey = "actlab-deck-notes";

  function title(slide) {
    var h = slide.querySelector(".slide-title");
    return h ? h.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function show(index, focus) {
    index = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      slide.hidden = i !== index;
      slide.classList.toggle("is-current", i === index);
    });
    current = index;
    count.textContent = "Slide " + (index + 1) + " of " + slides.length + ": " + title(slides[index]);
    prev.disabled = index === 0;
    next.disabled = index === slides.length - 1;
    var hash = "#slide-" + (index + 1);
    if (location.hash !== hash && window.history && history.replaceState) {
      try { history.replaceState(null, "", hash); } catch (err) { /* a file: page may refuse */ }
    }
    if (focus) slides[index].querySelector(".slide-title").focus({ preventScroll: true });
    slides[index].scrollTop = 0;
    window.scrollTo(0, 0);
  }

  function fromHash() {
    var hash = decodeURIComponent(location.hash || "");
    var m = /^#slide-(\d+)$/.exec(hash);
    if (m) return parseInt(m[1], 10) - 1;
    m = /^#([A-Za-z][A-Za-z0-9_-]*)(:|$)/.exec(hash);
    if (m) {
      for (var i = 0; i < slides.length; i++) {
        if (slides[i].getAttribute("data-explorer") === m[1]) return i;
      }
      for (i = 0; i < slides.length; i++) {  // a section of the chapter: #the-picture
        if (slides[i].getAttribute("data-anchor") === m[1]) return i;
      }
    }
    return 0;
  }

  function setNotes(on) {
    document.body.classList.toggle("deck-show-notes", on);
    notesToggle.setAttribute("aria-pressed", on ? "true" : "false");
    try { localStorage.setItem(notesKey, on ? "1" : "0"); } catch (err) { /* storage may be off */ }
  }

  function fullscreen() {
    if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    } else if (document.exitFullscreen) {
      document.exitFullscreen().catch(function () {});
    }
  }

  function inControl(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, select, textarea, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (event.key === "Escape") {
      if (inControl(target)) { target.blur(); slides[current].querySelector(".slide-title").focus(); }
      if (help && !help.hidden) { help.hidden = true; helpToggle.setAttribute("aria-expanded", "false"); }
      return;
    }
    if (inControl(target)) return;  // arrows move a slider, pick an option
    var onButton = target && target.closest && target.closest("button, a[href], summary");
    var key = event.key;
    var slide = slides[current];
    // on a slide taller than the screen, Down and Up scroll it first
    if (key === "ArrowDown" && slide.scrollTop + slide.clientHeight < slide.scrollHeight - 2) return;
    if (key === "ArrowUp" && slide.scrollTop > 0) return;
    if (["ArrowRight", "ArrowDown", "PageDown"].indexOf(key) >= 0 ||
        ((key === " " || key === "Enter") && !onButton)) {
      event.preventDefault(); show(current + 1, true);
    } else if (["ArrowLeft", "ArrowUp", "PageUp"].indexOf(key) >= 0 || (key === "Backspace" && !onButton)) {
      event.preventDefault(); show(current - 1, true);
    } else if (key === "Home") {
      event.preventDefault(); show(0, true);
    } else if (key === "End") {
      event.preventDefault(); show(slides.length - 1, true);
    } else if (key === "n" || key === "N") {
      setNotes(!document.body.classList.contains("deck-show-notes"));
    } else if (key === "f" || key === "F") {
      fullscreen();
    } else if (key === "?") {
      helpToggle.click();
    }
  });

  prev.addEventListener("click", function () { show(current - 1, false); });
  next.addEventListener("click", function () { show(current + 1, false); });
  notesToggle.addEventListener("click", function () {
    setNotes(!document.body.classList.contains("deck-show-notes"));
  });
  helpToggle.addEventListener("click", function () {
    help.hidden = !help.hidden;
    helpToggle.setAttribute("aria-expanded", help.hidden ? "false" : "true");
  });
  window.addEventListener("hashchange", function () {
    var index = fromHash();
    if (index !== current) show(index, false);
  });

  slides.forEach(function (slide) {
    slide.querySelector(".slide-title").setAttribute("tabindex", "-1");
  });
  [prev, next, notesToggle, helpToggle].forEach(function (b) { b.disabled = false; });
  document.documentElement.classList.add("deck-js");
  var stored = null;
  try { stored = localStorage.getItem(notesKey); } catch (err) { /* storage may be off */ }
  setNotes(stored === "1");
  show(fromHash(), false);
})();
