"""MkDocs hook: the site requests nothing outside itself (adapter over :mod:`sitebuild.offline`).

* MathJax 3 (SVG output, no web fonts) is served from the site: the files listed by
  :mod:`sitebuild.assets`, handed to MkDocs as generated files.
* Notebook pages lose the CDN loaders of mkdocs-jupyter's template (our MathJax
  typesets them, see ``docs/assets/mathjax-config.js``).
* Any other reference to an external script, stylesheet, image or font fails the
  build: offline is checked, not hoped for.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from sitebuild import assets, offline


def on_files(files: Files, config) -> Files:
    for uri, path in assets.mathjax_files():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_post_page(output: str, page, config) -> str:
    output = offline.strip_cdn_blocks(output)
    urls = offline.external_resources(output)
    if urls:
        raise PluginError(f"{page.file.src_uri}: external resource {urls[0]} would leave the site")
    return output
