"""Conformance with optax and Keras: the Conventions page's claims, run.

The rows are those of the page's figure (``docs/figures/convside_libraries.py``):
each runs a library optimizer or schedule next to gdtheory, set with the convention
flag gdtheory documents for it, for 200 steps in float64 on a quadratic whose
gradients range from 1 to 1e-6, with seeded noise. ``EXPECTED`` says what each row
must show: ``"same"`` (agreement to 1e-10 relative), ``"float32"`` (the same rule,
rounded in float32 inside the library: between 1e-10 and 1e-6) or ``"differs"``
(a different rule where gdtheory has no flag for the library's: 1e-6 or more, and
the figure shows by how much). Every row of the figure must be expected here, and
every expected row must be in the figure.

Without the extras the tests skip with the install hint (under ``CI=true`` they
fail): ``python3 dev.py setup --optax`` / ``--keras``, or
``pip install -r requirements-optax.lock`` / ``-r requirements-keras.lock``.
Keras runs on the jax backend.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from types import ModuleType

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests._optional import _missing  # noqa: E402

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "figures" / "convside_libraries.py"
FIGURE = runpy.run_path(str(SCRIPT), run_name="convside_libraries")  # the rows, not drawn

OPTAX_HINT = (
    "optax is not installed: run `python3 dev.py setup --optax` "
    "(or pip install -r requirements-optax.lock)"
)
KERAS_HINT = (
    "Keras 3 with the jax backend is not installed: run `python3 dev.py setup --keras` "
    "(or pip install -r requirements-keras.lock)"
)


def need_optax() -> ModuleType:
    """Return ``optax`` (jax in float64), or skip (fail under CI) with the install hint."""
    __tracebackhide__ = True
    optax = FIGURE["load_optax"]()
    if optax is None:
        _missing("the optax conformance tests", OPTAX_HINT)
    return optax


def need_keras() -> ModuleType:
    """Return ``keras`` (jax backend, float64), or skip (fail under CI) with the install hint."""
    __tracebackhide__ = True
    keras = FIGURE["load_keras"]()
    if keras is None:
        _missing("the Keras conformance tests", KERAS_HINT)
    return keras


EXPECTED = {
    "optax": {
        "sgd(momentum=0.9) = gd.SGD(momentum=0.9)": "same",
        "sgd(momentum, schedule) = gd.SGD(momentum, schedule)": "same",
        "sgd(momentum, schedule at optax's int32 count) vs gd.SGD": "float32",
        "sgd(nesterov=True) = gd.SGD(nesterov=True)": "same",
        "adagrad = gd.AdaGrad(G0=0.1, eps=1e-7, inside)": "same",
        "adagrad vs gd.AdaGrad defaults (G0=0, eps outside)": "differs",
        "rmsprop = gd.RMSProp(alpha=0.9, eps_inside_sqrt)": "same",
        "rmsprop(eps_in_sqrt=False) = gd.RMSProp(alpha=0.9)": "same",
        "rmsprop vs gd.RMSProp(alpha=0.9), eps outside": "differs",
        "rmsprop(centered) = gd.RMSProp(centered, inside)": "same",
        "rmsprop(momentum=0.9) = gd.RMSProp(momentum=0.9)": "same",
        "rmsprop(momentum, schedule) vs gd.RMSProp(momentum, schedule)": "differs",
        "adadelta(1.0) = gd.AdaDelta()": "same",
        "adadelta() (learning_rate=None) vs gd.AdaDelta()": "differs",
        "adam = gd.Adam": "same",
        "adam(eps_root=1e-8) vs gd.Adam (no flag)": "differs",
        "amsgrad vs gd.Adam(amsgrad=True)": "differs",
        "adamw(weight_decay=0.1, schedule) = gd.AdamW(weight_decay=0.1)": "same",
        "adamax = gd.AdaMax": "same",
        "lion(weight_decay=0.1) = gd.Lion(weight_decay=0.1)": "same",
        "nadam vs gd.NAdam (no flag)": "differs",
        "warmup_cosine_decay_schedule = gd.join_schedules": "same",
        "warmup_cosine_decay_schedule vs gd.warmup(gd.cosine)": "differs",
        "cosine_decay_schedule = gd.cosine": "same",
        "polynomial_schedule(power=2) = gd.polynomial(power=2)": "same",
    },
    "keras": {
        "SGD(momentum=0.9) = gd.Momentum(convention='keras')": "same",
        "SGD(momentum, schedule) = gd.Momentum('keras', schedule)": "same",
        "SGD(momentum, schedule) vs gd.SGD(momentum, schedule)": "differs",
        "SGD(nesterov=True) = gd.SGD(nesterov=True)": "same",
        "Adagrad = gd.AdaGrad(G0=0.1, eps=1e-7, inside)": "same",
        "RMSprop = gd.RMSProp(alpha=0.9, eps=1e-7, inside)": "same",
        "RMSprop(centered) = gd.RMSProp(centered, inside)": "same",
        "RMSprop(momentum=0.9) = gd.RMSProp(momentum=0.9)": "same",
        "RMSprop(momentum, schedule) vs gd.RMSProp(momentum, schedule)": "differs",
        "Adadelta = gd.AdaDelta(lr=1e-3, rho=0.95, eps=1e-7)": "same",
        "Adam = its Section 2 rule in numpy": "same",
        "Adam vs gd.Adam(eps=1e-7)": "differs",
        "AdamW(eps=1e-30) = gd.AdamW(eps=1e-30)": "same",
        "Adamax vs gd.AdaMax(eps=1e-7)": "differs",
        "Adamax = its rule in numpy (eps after the max)": "same",
        "Lion(weight_decay=0.1) = gd.Lion(weight_decay=0.1)": "same",
        "Nadam = gd.NAdam(eps=1e-7, momentum_decay=1)": "same",
        "CosineDecay(warmup) = gd.join_schedules": "float32",
    },
}


@pytest.fixture(scope="module")
def optax_rows() -> dict:
    return {row.label: row for row in FIGURE["optax_rows"](need_optax())}


@pytest.fixture(scope="module")
def keras_rows() -> dict:
    return {row.label: row for row in FIGURE["keras_rows"](need_keras())}


@pytest.mark.parametrize("label", sorted(EXPECTED["optax"]))
def test_optax(optax_rows: dict, label: str) -> None:
    gap = FIGURE["gap"](optax_rows[label])
    assert FIGURE["verdict"](gap) == EXPECTED["optax"][label], f"{label}: gap {gap:.3e}"


@pytest.mark.parametrize("label", sorted(EXPECTED["keras"]))
def test_keras(keras_rows: dict, label: str) -> None:
    gap = FIGURE["gap"](keras_rows[label])
    assert FIGURE["verdict"](gap) == EXPECTED["keras"][label], f"{label}: gap {gap:.3e}"


def test_every_figure_row_is_expected(optax_rows: dict, keras_rows: dict) -> None:
    assert set(optax_rows) == set(EXPECTED["optax"])
    assert set(keras_rows) == set(EXPECTED["keras"])


def test_verdict_thresholds() -> None:
    """The three verdicts split where the figure and the page say they do."""
    verdict = FIGURE["verdict"]
    assert [verdict(g) for g in (0.0, 9e-11, 1e-10, 9e-7, 1e-6, float("nan"))] == [
        "same", "same", "float32", "float32", "differs", "differs",
    ]  # fmt: skip


def test_a_wrong_flag_is_caught(optax_rows: dict) -> None:
    """The comparison can fail: gd.RMSProp with eps outside the root is far from optax's."""
    row = optax_rows["rmsprop = gd.RMSProp(alpha=0.9, eps_inside_sqrt)"]
    wrong = FIGURE["Row"](
        "optax", "wrong flag", row.theirs, lambda: FIGURE["gd"].RMSProp(lr=1e-2, alpha=0.9)
    )
    assert FIGURE["verdict"](FIGURE["gap"](wrong)) == "differs"


def test_figure_without_the_extras_says_so() -> None:
    """Without the libraries the figure still draws, and its title says what did not run."""
    plt.close("all")
    FIGURE["draw"]([], ["optax (python3 dev.py setup --optax)"])
    fig = plt.gcf()
    titles = [ax.get_title() for ax in fig.axes]
    plt.close("all")
    assert any("Not run at build time" in t and "optax" in t for t in titles), titles


def test_figure_draws_every_row_with_its_number(optax_rows: dict) -> None:
    """Each bar's number is the gap computed for that row (no typed numbers)."""
    rows = [optax_rows[label] for label in sorted(optax_rows)[:3]]
    results = [(row, FIGURE["gap"](row)) for row in rows]
    plt.close("all")
    FIGURE["draw"](results, [])
    fig = plt.gcf()
    drawn = {t.get_text() for t in fig.findobj(matplotlib.text.Text)}
    plt.close("all")
    for row, value in results:
        assert f"optax.{row.label}" in drawn
        assert ("0" if value == 0 else f"{value:.1e}") in drawn
    assert np.all(np.isfinite([v for _, v in results]))


def test_optax_adadelta_default_climbs(optax_rows: dict) -> None:
    """optax.adadelta's default ``learning_rate=None`` skips the sign flip: its first
    update is minus gdtheory's (the paper's) first step, so it moves uphill."""
    optax, gd = need_optax(), FIGURE["gd"]
    x0 = FIGURE["X0"]
    g = FIGURE["grad"](x0, 0)
    update, _ = optax.adadelta().update(g, optax.adadelta().init(x0), x0)
    ours = gd.AdaDelta()
    x1, _ = ours.step(x0, g, ours.init(x0))
    np.testing.assert_allclose(np.asarray(update), x0 - x1, rtol=0, atol=1e-15)  # x1 rounds
    assert float(np.dot(np.asarray(update), g)) > 0  # along the gradient: uphill
