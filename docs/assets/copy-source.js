// Copy buttons give code that runs. Material's copy button copies the `data-copy`
// attribute of the nearest element that has one, else the block's rendered text
// (innerText, which doubles every newline once each line is a block for wrapping,
// see gdtheory.css). So every block gets `data-copy`: for a doctest block (`>>>`
// prompts) the source lines only, no prompts, no printed output, read as Python's
// doctest reads them (a `>>> ` line and the `... ` lines right after it); for any
// other block its text as written.
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

  function sourceText(code) {
    // The text as written, without code annotations (Material's "(1)" markers).
    var copy = code.cloneNode(true);
    copy.querySelectorAll(".md-annotation").forEach(function (e) {
      e.remove();
    });
    return copy.textContent;
  }

  function markBlocks(root) {
    root.querySelectorAll("pre > code").forEach(function (code) {
      var text = sourceText(code);
      var doctest = PS1.test(text.replace(/^\s*\n/, ""));
      code.setAttribute("data-copy", doctest ? doctestSource(text) : text);
    });
  }

  if (typeof document$ !== "undefined") {
    // Material's observable: fires on the first load and after every instant navigation.
    document$.subscribe(function () {
      markBlocks(document);
    });
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      markBlocks(document);
    });
  }
})();
