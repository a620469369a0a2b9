"""``PYTHONPATH=hooks python -m sitebuild``: draw the figures and execute the notebooks.

The pre-build step for an engine that cannot run this project's MkDocs hooks: the
results land in the cache (``$GDTHEORY_CACHE_DIR``, default ``.cache/``), and the
printed JSON maps each source (figure script or notebook, relative to ``docs/``) to
the generated file the engine should serve in its place.
"""

from __future__ import annotations

import json
import sys

from sitebuild import ROOT, figures, notebooks
from sitebuild.jobs import Slots, wait_all


def main() -> int:
    docs = ROOT / "docs"
    fig_plan = figures.plan(docs)
    nb_plan = notebooks.plan(sorted(docs.rglob("*.ipynb")))
    slots = Slots()
    try:
        futures = list(notebooks.start(nb_plan, slots).values())
        futures += figures.start(figures.stale(fig_plan), slots)
        errors = wait_all(futures)
    finally:
        slots.close()
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    out = {
        **{name: str(t) for name, t in figures.generated(fig_plan).items()},
        **{s.relative_to(docs).as_posix(): str(t) for s, t in nb_plan.items()},
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
