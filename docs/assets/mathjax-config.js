// MathJax 3, served by the site itself (no CDN). Typesets the math that
// pymdownx.arithmatex marks in pages and the $...$ math of notebook cells.
window.MathJax = {
  // textmacros: text-mode macros inside \text{} and \texttt{} (\_ shows "_", not "\_").
  loader: { load: ["[tex]/textmacros"] },
  tex: {
    packages: { "[+]": ["textmacros"] },
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // Skip the page chrome and the Markdown article as a whole, then re-enable math
    // where it is marked. (The common ".*|" also matches class-less elements, so it
    // would skip the <p> inside a notebook's Markdown cell.) Navigation and the table
    // of contents hold headings' math as plain \(...\) text in md-nav__link: typeset it.
    ignoreHtmlClass: "md-typeset|md-header|md-sidebar|md-footer|md-search|md-nav",
    processHtmlClass: "arithmatex|jp-MarkdownOutput|jp-RenderedMarkdown|md-nav__link",
    enableMenu: false,
  },
  svg: { fontCache: "global" },
};
