"""gdtheory: gradient-descent optimization, verified.

Optimizers, learning-rate schedules, gradient clipping, test problems, a run
loop and convergence-rate checks, in small numpy modules. Use it flat::

    import gdtheory as gd
"""

from . import (
    bounds,
    checks,
    clipping,
    convergence,  # noqa: F401  (the bounds and checks under their old name)
    matrix_optimizers,
    optimizers,
    plotting,  # noqa: F401  (gd.plotting: figure helpers; matplotlib is imported on use)
    problems,
    protocols,
    run,
    schedules,
    search,
    second_order,
)
from ._validation import Hyper, Schedule, value_at
from .bounds import *  # noqa: F403
from .checks import *  # noqa: F403
from .clipping import *  # noqa: F403
from .matrix_optimizers import *  # noqa: F403
from .optimizers import *  # noqa: F403
from .problems import *  # noqa: F403
from .protocols import *  # noqa: F403
from .run import *  # noqa: F403
from .schedules import *  # noqa: F403
from .search import *  # noqa: F403
from .second_order import *  # noqa: F403

__version__ = "0.1.0"

# Each module lists its public names in its own ``__all__``; they are joined here so
# that ``import gdtheory as gd`` gives one flat namespace.
__all__ = [
    "Hyper",
    "Schedule",
    "value_at",
    *optimizers.__all__,
    *second_order.__all__,
    *matrix_optimizers.__all__,
    *clipping.__all__,
    *schedules.__all__,
    *problems.__all__,
    *protocols.__all__,
    *run.__all__,
    *bounds.__all__,
    *checks.__all__,
    *search.__all__,
]
