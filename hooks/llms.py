"""MkDocs hook: after mkdocs-llmstxt has written ``llms.txt``, ``llms-full.txt`` and the
per-page Markdown, put the math back as ``$...$`` TeX (:mod:`sitebuild.llms`); the
HTML -> Markdown conversions are cached on disk. Under ``mkdocs serve`` an edited page
is converted in the background (the conversion took longer than the rest of the
rebuild): its text follows at the rebuild that the finished conversion starts."""

from __future__ import annotations

from pathlib import Path

import mkdocs.plugins
from _cache import cache_dir
from sitebuild import jobs, llms
from sitebuild.translations import LANGUAGES, editions, split

# The Markdown of every page from the last build. ``mkdocs serve --dirty`` renders only
# the edited pages, and mkdocs-llmstxt forgets the others at each build (it would write
# an llms.txt without them and warn once per page): they are handed back to it here.
_pages: dict = {}


_converting = False  # whether conversions go to the background (set once per process)


def _translated_build(config) -> bool:
    """Whether this build renders a translation (static-i18n builds each language in turn)."""
    return editions(config)[0] != LANGUAGES[0]


def _english_only(config) -> None:
    """Let mkdocs-llmstxt see the English build only.

    The machine-readable edition is the English one: in the Korean build the plugin
    would find none of its pages (they are ``X.ko.md``) and write an empty llms.txt
    over the English one.
    """
    plugin = config.plugins.get("llmstxt")
    if plugin is None or getattr(plugin, "_gdtheory_english_only", False):
        return
    for methods in config.plugins.events.values():
        for i, method in enumerate(methods):
            if getattr(method, "__self__", None) is plugin:

                def guarded(*args, _method=method, **kwargs):
                    return None if _translated_build(config) else _method(*args, **kwargs)

                methods[i] = guarded
    plugin._gdtheory_english_only = True


@mkdocs.plugins.event_priority(-110)  # after static-i18n has set this build's language
def on_config(config):
    _english_only(config)
    global _converting
    if not _converting:  # 8.8 s of CPU per build otherwise
        background = jobs.background_callback()
        llms.cache_conversions(cache_dir("llmstxt"), background)
        _converting = background is not None
    return config


@mkdocs.plugins.event_priority(-100)  # after the llmstxt plugin resets its pages in on_files
def on_files(files, config):
    plugin = config.plugins.get("llmstxt")
    if plugin is not None and not _translated_build(config):
        _drop_translations(plugin)
        ready = llms.take_ready()  # pages converted in the background since the last build
        for uri, info in _pages.items():
            if str(info.path_md) in ready:
                _pages[uri] = info._replace(content=ready[str(info.path_md)])
        plugin._md_pages.update(_pages)  # a rendered page replaces its old entry
    return files


def _drop_translations(plugin) -> None:
    """Remove ``X.ko.md`` pages from the sections the plugin expanded from its globs."""
    english = {
        name: {uri: desc for uri, desc in uris.items() if not _is_translation(uri)}
        for name, uris in plugin._sections.items()
    }
    plugin._sections = english
    plugin._file_uris = {uri for uris in english.values() for uri in uris}


def _is_translation(uri: str) -> bool:
    return split(uri)[1] != LANGUAGES[0]


def _remember(config) -> None:
    plugin = config.plugins.get("llmstxt")
    if plugin is not None:
        _pages.clear()
        _pages.update(plugin._md_pages)


@mkdocs.plugins.event_priority(-100)  # after the llmstxt plugin's on_post_build
def on_post_build(config) -> None:
    if _translated_build(config):
        return
    _remember(config)
    llms.restore_files(Path(config["site_dir"]))
