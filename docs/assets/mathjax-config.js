// MathJax 3, served by the site itself (no CDN). Typesets the math that
// pymdownx.arithmatex marks in pages and the $...$ math of notebook cells.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex|jp-MarkdownOutput|jp-RenderedMarkdown",
    enableMenu: false,
  },
  svg: { fontCache: "global" },
};
