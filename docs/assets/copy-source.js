// Copy buttons give code that runs. Material's copy button copies the text of a
// block, or the `data-copy` attribute of the nearest element that has one. For a
// doctest block (`>>>` prompts) that attribute holds the source lines only: no
// prompts, no printed output. The lines are read as Python's doctest reads them:
// an example is a `>>> ` line and the `... ` lines right after it.
(function () {
  "use strict";

  var PS1 = /^>>>( |$)/;
  var PS2 = /^\.\.\.( |$)/;

  function doctestSource(text) {
    var out = [];
    var inExample = false;
    var continued = false;
    text.split("\n").forEach(function (line) {
      if (PS1.test(line)) {
        // A blank line after a multi-line statement, so the copy also pastes into a REPL.
        if (continued) out.push("");
        out.push(line.slice(4));
        inExample = true;
        continued = false;
      } else if (inExample && PS2.test(line)) {
        out.push(line.slice(4));
        continued = true;
      } else {
        inExample = false;
      }
    });
    return out.join("\n");
  }

  function markDoctests(root) {
    root.querySelectorAll("pre > code").forEach(function (code) {
      var text = code.textContent;
      if (PS1.test(text.replace(/^\s*\n/, ""))) {
        code.setAttribute("data-copy", doctestSource(text));
      }
    });
  }

  if (typeof document$ !== "undefined") {
    // Material's observable: fires on the first load and after every instant navigation.
    document$.subscribe(function () {
      markDoctests(document);
    });
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      markDoctests(document);
    });
  }
})();
