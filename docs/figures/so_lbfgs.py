"""Rosenbrock's function against the work spent: gradient descent, Newton, L-BFGS."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "gd": "GD, step 0.001",
        "newton": "Newton with backtracking",
        "lbfgs": "L-BFGS (strong Wolfe), one iteration per step",
        "left_title": "paths from $(-1.2, 1)$ (GD: every 30th point)",
        "work": "gradients (and Hessians) evaluated",
        "right_title": "work to reach the minimum",
    },
    "ko": {
        "gd": "경사 하강법, 학습률 0.001",
        "newton": "백트래킹을 쓴 뉴턴 방법",
        "lbfgs": "L-BFGS (강한 울프 조건), 스텝마다 반복 한 번",
        "left_title": "$(-1.2, 1)$에서 시작한 경로 (경사 하강법: 30번째 점마다)",
        "work": "평가한 기울기 (와 헤세 행렬)의 수",
        "right_title": "최솟값에 이르는 데 드는 계산량",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.Rosenbrock()
x0 = np.array([-1.2, 1.0])


def trace(opt, steps):
    """f(x_t) against the evaluations spent so far (the oracle's and the step's gradient)."""
    needs = getattr(opt, "needs", None)
    oracle = gd.ProblemOracle(problem, needs) if needs else None
    x, state = x0, opt.init(x0)
    work, values, path = [0], [float(problem.f(x))], [x]
    for _ in range(steps):
        g = problem.grad(x)
        x, state = opt.step(x, g, state, oracle) if oracle else opt.step(x, g, state)
        spent = work[-1] + 1 + (oracle.counts["grad"] + oracle.counts["hess"] if oracle else 0)
        if oracle:
            oracle.counts.update(grad=0, hess=0)
        work.append(spent)
        values.append(float(problem.f(x)))
        path.append(x)
    return np.array(work), np.array(values), np.array(path)


methods = {
    label["gd"]: (gd.GD(lr=0.001), 3000, "tab:orange"),
    label["newton"]: (gd.Newton(damping="backtracking"), 40, "tab:green"),
    label["lbfgs"]: (
        gd.LBFGS(line_search_fn="strong_wolfe", max_iter=1, max_eval=25, history_size=10),
        60,
        "tab:blue",
    ),
}
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
u, v = np.meshgrid(np.linspace(-1.5, 1.5, 300), np.linspace(-0.5, 1.5, 200))
left.contour(
    u,
    v,
    problem.f(np.stack([u, v], axis=-1)),
    levels=np.geomspace(0.1, 300, 10),
    colors="0.6",
    linewidths=0.7,
)
for name, (opt, steps, color) in methods.items():
    work, values, path = trace(opt, steps)
    shown = path if path.shape[0] <= 100 else path[::30]
    left.plot(shown[:, 0], shown[:, 1], "o-", ms=2.5, lw=1, color=color, label=name)
    right.semilogy(work, np.maximum(values, 1e-20), color=color, label=name)
left.plot(1, 1, "k*", ms=9)
left.set(xlabel="$x$", ylabel="$y$", title=label["left_title"])
left.legend(fontsize=7, loc="lower right")
right.set(
    xlabel=label["work"],
    ylabel="$f(x_t) - f^\\star$",
    xscale="log",
    ylim=(1e-20, 1e2),
    title=label["right_title"],
)
right.legend(fontsize=7, loc="lower left")
plt.show()
