"""A diagonal preconditioner fixes an axis-aligned ill-conditioning and not a rotated one."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "aligned": "axis-aligned",
        "rotated": "rotated by 45°",
        "gd": "GD, step 2/(m + L)",
        "precond": "diagonal preconditioner",
        "steps_1": "{name}: {n} step to $10^{{-8}}$",
        "steps_n": "{name}: {n} steps to $10^{{-8}}$",
    },
    "ko": {
        "aligned": "축에 맞춘 경우",
        "rotated": "45° 회전한 경우",
        "gd": "경사 하강법, 학습률 2/(m + L)",
        "precond": "대각 전처리",
        "steps_1": "{name}: $10^{{-8}}$까지 {n} 스텝",
        "steps_n": "{name}: $10^{{-8}}$까지 {n} 스텝",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")


def rotated(theta):
    c, s = np.cos(theta), np.sin(theta)
    R = np.array([[c, -s], [s, c]])
    return gd.Quadratic(R @ np.diag([1.0, 100.0]) @ R.T)  # m = 1, L = 100


def steps_to(run, tol=1e-8):
    gap = run.fs / run.fs[0]
    return int(np.argmax(gap <= tol)) if np.any(gap <= tol) else run.nit


x0 = np.array([1.0, 1.0])
fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
u, v = np.meshgrid(np.linspace(-1.5, 1.5, 300), np.linspace(-1.5, 1.5, 300))
for ax, theta, name in zip(
    axes, [0.0, np.pi / 4], [label["aligned"], label["rotated"]], strict=True
):
    q = rotated(theta)
    P = 1 / np.diag(q.A)  # Jacobi: the inverse of the Hessian's diagonal
    scaled = np.sqrt(P)[:, None] * q.A * np.sqrt(P)[None, :]
    runs = {
        label["gd"]: gd.minimize(q, gd.GD(lr=2 / (q.m + q.L)), x0, max_iter=2000),
        label["precond"]: gd.minimize(
            q, gd.PreconditionedGD(lr=1.0, P=P), x0, max_iter=2000, divergence_factor=None
        ),
    }
    ax.contour(
        u,
        v,
        q.f(np.stack([u, v], axis=-1)),
        levels=np.geomspace(0.01, 100, 12),
        colors="0.6",
        linewidths=0.7,
    )
    for (run_name, run), color in zip(runs.items(), ["tab:orange", "tab:blue"], strict=True):
        xs = run.xs[:40]
        n = steps_to(run)
        ax.plot(
            xs[:, 0],
            xs[:, 1],
            "o-",
            ms=2.5,
            lw=1,
            color=color,
            label=label["steps_1" if n == 1 else "steps_n"].format(name=run_name, n=n),
        )
    ax.plot(0, 0, "k*", ms=9)
    ax.set(
        aspect="equal",
        xlim=(-1.5, 1.5),
        ylim=(-1.5, 1.5),
        xlabel="$x_1$",
        ylabel="$x_2$",
        title=f"{name}: $\\operatorname{{diag}}(A) = ({q.A[0, 0]:g}, {q.A[1, 1]:g})$, "
        f"$\\kappa(PA) = {np.linalg.cond(scaled):.0f}$",
    )
    ax.legend(fontsize=8, loc="lower left")
plt.show()
