"""Backtracking (Armijo) line search: the steps it accepts and the bound below them."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "accepted": "accepted step $\\eta_t$",
        "step": "step $t$",
        "size": "step size",
        "left_title": r"$\eta_0 = {eta0}$, $c = {c}$, $\rho = {rho}$: never below the bound",
        "backtracking": "backtracking",
        "fixed": "fixed step 1/L",
        "right_title": "{evals} function values for {steps} steps",
    },
    "ko": {
        "accepted": "받아들인 학습률 $\\eta_t$",
        "step": "스텝 $t$",
        "size": "학습률",
        "left_title": r"$\eta_0 = {eta0}$, $c = {c}$, $\rho = {rho}$: 하한 아래로 내려가지 않는다",
        "backtracking": "백트래킹",
        "fixed": "고정 학습률 1/L",
        "right_title": "{steps} 스텝에 함숫값 {evals}번",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

p = gd.LogisticRegression(n=200, d=4, l2=0.01, seed=1)
eta0, c, rho = 10.0, 0.5, 0.5
floor = min(eta0, 2 * rho * (1 - c) / p.L)
x0 = np.full(p.dim, 2.0)
# Stop while the Armijo test can still be decided: once c eta |g|^2 is below the rounding
# of f, a refused trial says nothing about L (the tests measure this).
back = gd.minimize(p, gd.BacktrackingGD(lr=eta0, c=c, rho=rho), x0, max_iter=60, grad_tol=1e-7)
fixed = gd.minimize(p, gd.GD(lr=1 / p.L), x0, max_iter=back.nit)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
t = np.arange(1, back.lrs.size + 1)
left.semilogy(t, back.lrs, "o-", ms=3, color="tab:blue", label=label["accepted"])
left.axhline(
    floor, color="black", ls="--", lw=1, label=rf"$\min(\eta_0, 2\rho(1-c)/L) = {floor:.3f}$"
)
left.axhline(1 / p.L, color="tab:orange", ls=":", lw=1, label=f"$1/L = {1 / p.L:.3f}$")
left.set(
    xlabel=label["step"],
    ylabel=label["size"],
    title=label["left_title"].format(eta0=f"{eta0:g}", c=c, rho=rho),
)
left.legend(fontsize=8)
for run, name, color in [
    (back, label["backtracking"], "tab:blue"),
    (fixed, label["fixed"], "tab:orange"),
]:
    right.semilogy(np.maximum(run.fs - p.f_star, 1e-17), color=color, label=name)
right.set(
    xlabel=label["step"],
    ylabel="$f(x_t) - f^\\star$",
    title=label["right_title"].format(evals=back.evaluations["f"], steps=back.nit),
)
right.legend(fontsize=8)
plt.show()
