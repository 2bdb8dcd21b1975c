#!/usr/bin/python3
"""bench_risk.py -- a vectorised numpy implementation of the risk
criterion (plugins/risk, docs/models.md "risk"): the reference `make bench`
times the program's risk criterion against, and checks it against within
Monte Carlo error. A user's alternative, kept in step with the model: the
same parameters and the same distribution of every draw, from numpy's
generator instead of the program's keyed GSL streams.

usage: bench_risk.py SCENARIO.yaml DRAWS [SEED]
Prints one JSON object: per option the headline figures with their
standard errors, and the CPU seconds of the model (parsing excluded).

Covered: capitation, history or mix budgets; expected spend = budget (the
default); routine gamma spend; compound Poisson high-cost cases; provider,
emergency and QIPP shocks per provider and per area's unlisted providers;
area and national shocks; the allocation error (no area share: its
default); the horizon with surplus, contingency and repayment (rule of
risk_years.c, r = 1 by default); no federations (the national scenario has
none). Parameters: the plugin's defaults, overridden by the scenario's
`parameters:` and the risk criterion's own.

The allocation error of a consortium is a sum of one normal per practice:
its distribution is exactly normal with variance the sum of the
practices' variances, which is drawn directly (a consortium's figures,
and so an option's, have the same distribution; only the correlation
between two options' draws is not reproduced, and no figure compared
depends on it).
"""
import csv
import json
import math
import os
import sys
import time

import numpy as np
import yaml

DEFAULTS = {  # plugins/risk/risk.c, risk_params[]
    "budget_basis": "capitation", "history_share": 0.5,
    "spend_per_weighted_head": 1230.0, "routine_cv_100k": 0.0106,
    "high_cost_rate": 1.0, "high_cost_mean": 40000.0, "high_cost_shape": 0.5,
    "provider_sd": 0.0025, "area_sd": 0.002, "national_sd": 0.001,
    "emergency_share": 0.15, "emergency_growth_mean": 0.0,
    "emergency_growth_sd": 0.03, "emergency_marginal_rate": 0.3,
    "qipp_target": 0.034, "qipp_delivery_alpha": 18.0,
    "qipp_delivery_beta": 2.0, "qipp_optimism": 0.0,
    "allocation_error_sd": 0.0725, "required_surplus": 0.01,
    "contingency": 0.005, "repayment_share": 1.0, "horizon_years": 5,
}
REF_HEADS = 100000.0


def load(path):
    with open(path) as f:
        sc = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    par = dict(DEFAULTS)
    par.update({k: v for k, v in (sc.get("parameters") or {}).items()
                if k in DEFAULTS})
    for c in sc.get("criteria") or []:
        if c.get("plugin") == "risk":
            par.update({k: v for k, v in (c.get("parameters") or {}).items()
                        if k in DEFAULTS and not isinstance(v, dict)})
    locs = {l["id"]: l for l in sc.get("localities") or []}
    pracs = list(sc.get("practices") or [])
    pc = sc.get("practices_csv")
    if pc:
        col = pc.get("locality_column", "locality")
        with open(os.path.join(os.path.dirname(path), pc["file"])) as f:
            for r in csv.DictReader(f):
                pracs.append({"code": r["practice_code"], "locality": r[col],
                              "registered": float(r["registered_patients"]),
                              "weighted": float(r["weighted_patients"] or
                                                r["registered_patients"])})
    return sc, par, locs, pracs


def practice_money(par, p):
    cap = float(p.get("weighted", p["registered"])) * par["spend_per_weighted_head"]
    hist = p.get("historic_spend", cap)
    basis = par["budget_basis"]
    hw = 0 if basis == "capitation" or "historic_spend" not in p else \
        1 if basis == "history" else par["history_share"]
    budget = cap if basis == "capitation" else hist if basis == "history" \
        else par["history_share"] * hist + (1 - par["history_share"]) * cap
    return budget, (1 - hw) * cap


def weights(sc, par, locs, pracs):
    """Per option: per consortium budget, registered, allocation SD and
    the weights on the provider-like streams and the area streams."""
    orgs = [o["id"] for o in sc.get("organisations") or []]
    loc_ids = list(locs)
    n_p = len(orgs) + len(loc_ids)          # providers, then others-in:<loc>
    by_loc = {}
    for i, p in enumerate(pracs):
        by_loc.setdefault(p["locality"], []).append(i)
    out = []
    for opt in sc["options"]:
        cons = []
        for c in opt["consortia"]:
            members = [i for l in c.get("localities", []) for i in by_loc.get(l, [])]
            codes = set(c.get("practices", []))
            members += [i for i, p in enumerate(pracs) if p["code"] in codes]
            wp, wa = np.zeros(n_p), np.zeros(len(loc_ids))
            b_sum = reg = avar = 0.0
            for i in members:
                p = pracs[i]
                b, x = practice_money(par, p)
                b_sum += b
                reg += float(p["registered"])
                avar += (par["allocation_error_sd"] * x) ** 2
                shares = p.get("providers", locs[p["locality"]].get("providers") or {})
                listed = 0.0
                for org, s in shares.items():
                    wp[orgs.index(org)] += b * s
                    listed += s
                a = loc_ids.index(p["locality"])
                wa[a] += b
                if listed < 1:
                    wp[len(orgs) + a] += b * (1 - listed)
            cons.append((b_sum, reg, math.sqrt(avar), wp, wa))
        out.append((opt["id"], cons))
    return out, n_p, len(loc_ids)


def year_shocks(par, rng, n_p, n_a, n):
    """GBP per GBP of weight, per provider-like stream and per area."""
    a, b = par["qipp_delivery_alpha"], par["qipp_delivery_beta"]
    mean_d = a / (a + b)
    planned = mean_d + par["qipp_optimism"] * (1 - mean_d)
    g = par["provider_sd"] * rng.standard_normal((n_p, n))
    g += par["emergency_share"] * par["emergency_marginal_rate"] * (
        par["emergency_growth_mean"]
        + par["emergency_growth_sd"] * rng.standard_normal((n_p, n)))
    if par["qipp_target"]:
        g += par["qipp_target"] * (planned - rng.beta(a, b, (n_p, n)))
    return g, par["area_sd"] * rng.standard_normal((n_a, n)), \
        par["national_sd"] * rng.standard_normal(n)


def idiosyncratic(par, rng, e, n):
    rate = par["spend_per_weighted_head"]
    hc_rate = par["high_cost_rate"] / 1000
    hc_q = 1 - hc_rate * par["high_cost_mean"] / rate
    theta = par["routine_cv_100k"] ** 2 * REF_HEADS * rate / hc_q
    routine = e * hc_q
    x = np.zeros((len(e), n))
    if par["routine_cv_100k"] > 0:
        x += rng.gamma((routine / theta)[:, None], theta, (len(e), n)) - routine[:, None]
    mu = hc_rate * e / rate
    if par["high_cost_mean"] > 0:
        shape, scale = par["high_cost_shape"], par["high_cost_mean"] / par["high_cost_shape"]
        cases = rng.poisson(mu[:, None], (len(e), n))
        x += rng.gamma(cases * shape, scale) - (mu * par["high_cost_mean"])[:, None]
    return x


def appraise(par, opts, n_p, n_a, n, seed):
    rng = np.random.default_rng(seed)
    years = int(par["horizon_years"])
    margin = par["required_surplus"] + par["contingency"]
    r = par["repayment_share"]
    state = []
    for _, cons in opts:
        B = np.array([c[0] for c in cons])
        state.append({
            "B": B, "W": np.array([c[1] for c in cons]),
            "Wp": np.array([c[3] for c in cons]), "Wa": np.array([c[4] for c in cons]),
            "alloc": np.array([c[2] for c in cons])[:, None]
                     * rng.standard_normal((len(cons), n)),
            "D": np.zeros((len(cons), n))})
    for y in range(years):
        g, ga, gn = year_shocks(par, rng, n_p, n_a, n)   # common to options
        for st in state:
            x = st["Wp"] @ g + st["Wa"] @ ga + st["B"][:, None] * gn[None, :]
            x += idiosyncratic(par, rng, st["B"], n) + st["alloc"]
            if y == 0:
                st["x0"] = x
            o = x - margin * st["B"][:, None] + r * st["D"]
            st["D"] = np.maximum(o, 0) + (1 - r) * st["D"]
    return state


def mean_se(series):
    """Mean of a per-draw series and its standard error; the series sums
    over consortia within a draw, so shocks shared between consortia are
    in its variance."""
    return [series.mean(), series.std(ddof=1) / math.sqrt(len(series))]


def figures(st, thresholds, n):
    B, W = st["B"], st["W"]
    x0, D = st["x0"], st["D"]
    carried = (W[:, None] * 100 * D / B[:, None]).sum(0) / W.sum()
    bal = (W[:, None] * 100 * x0 / B[:, None]).sum(0) / W.sum()
    sd = bal.std(ddof=1)
    f = {"deficit_carried_pct": mean_se(carried),
         # SE of an SD, normal approximation: sd / sqrt(2 (n - 1))
         "balance_pct_sd": [sd, sd / math.sqrt(2 * (n - 1))],
         "expected_overspend_gbp": mean_se(np.maximum(x0, 0).sum(0))}
    for t in thresholds:
        over = (x0 > t / 100 * B[:, None])
        name = "p_over_%spct" % ("%g" % t).replace(".", "_")
        f[name] = mean_se((W[:, None] * over).sum(0) / W.sum())
    return f


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    sc, par, locs, pracs = load(path)
    thresholds = (sc.get("analysis") or {}).get("thresholds", [1, 2, 5])
    opts, n_p, n_a = weights(sc, par, locs, pracs)
    t0 = time.process_time()
    state = appraise(par, opts, n_p, n_a, n, seed)
    res = {o[0]: figures(st, thresholds, n) for o, st in zip(opts, state)}
    cpu = time.process_time() - t0
    json.dump({"cpu_s": cpu, "draws": n, "options": res}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
