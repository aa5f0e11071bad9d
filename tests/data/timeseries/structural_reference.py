#!/usr/bin/python3
"""Second reference for the structural model: statsmodels 0.13.5 UnobservedComponents with the
exact diffuse initialisation (the likelihood harmcast maximises). Run from this directory after
structural_reference.R (which writes nile.csv and ukgas.csv):
    /usr/bin/python3 structural_reference.py   (Debian python3-statsmodels)
Writes structural_statsmodels.csv (case,name,value)."""
import numpy as np
import pandas as pd
import statsmodels.api as sm

rows = []
def add(case, name, value):
    rows.append((case, name, repr(float(value))))

nile = pd.read_csv("nile.csv")["flow"].to_numpy(float)
gas = np.log10(pd.read_csv("ukgas.csv")["gas"].to_numpy(float))

def fit(y, **kw):
    mod = sm.tsa.UnobservedComponents(y, use_exact_diffuse=True, **kw)
    best = None
    # Several starts: the likelihood of the BSM has local optima.
    for start in ([1.0] * len(mod.start_params), list(mod.start_params)):
        s = np.asarray(start) * (np.var(y) / 100 if start[0] == 1.0 else 1.0)
        r = mod.fit(start_params=s, method="lbfgs", maxiter=2000, disp=False,
                    optim_complex_step=False, pgtol=1e-12, factr=1e2)
        if best is None or r.llf > best.llf:
            best = r
    return best

r = fit(nile, level="llevel")
add("nile_level", "var_irregular", r.params[0]); add("nile_level", "var_level", r.params[1])
add("nile_level", "loglik", r.llf)
sm_level = r.smoothed_state[0]
for t in (1, 28, 50, 100):
    add("nile_level", f"smoothed_level_{t}", sm_level[t - 1])
f = r.get_forecast(5)
for h in range(5):
    add("nile_level", f"forecast_{h+1}", f.predicted_mean[h])
    add("nile_level", f"forecast_se_{h+1}", np.sqrt(f.var_pred_mean[h]))

r = fit(nile, level="lltrend")
add("nile_trend", "var_irregular", r.params[0]); add("nile_trend", "var_level", r.params[1])
add("nile_trend", "var_slope", r.params[2]); add("nile_trend", "loglik", r.llf)

r = fit(gas, level="lltrend", seasonal=4, stochastic_seasonal=True)
names = ["var_irregular", "var_level", "var_slope", "var_seasonal"]
for n, v in zip(names, r.params):
    add("ukgas_bsm", n, v)
add("ukgas_bsm", "loglik", r.llf)
f = r.get_forecast(8)
for h in range(8):
    add("ukgas_bsm", f"forecast_{h+1}", f.predicted_mean[h])
    add("ukgas_bsm", f"forecast_se_{h+1}", np.sqrt(f.var_pred_mean[h]))

r = fit(gas, level="lltrend", freq_seasonal=[{"period": 4, "harmonics": 2}],
        stochastic_freq_seasonal=[True])
for n, v in zip(["var_irregular", "var_level", "var_slope", "var_seasonal"], r.params):
    add("ukgas_trig", n, v)
add("ukgas_trig", "loglik", r.llf)

# Local level with a regressor: the step at 1899 (the first Aswan dam), the coefficient a
# constant state as harmcast holds it (mle_regression=False).
step = (np.arange(1871, 1971) >= 1899).astype(float)
mod = sm.tsa.UnobservedComponents(nile, level="llevel", exog=step, mle_regression=False,
                                  use_exact_diffuse=True)
r = mod.fit(start_params=[np.var(nile) / 100] * 2, method="lbfgs", maxiter=2000, disp=False,
            pgtol=1e-12, factr=1e2)
add("nile_step", "var_irregular", r.params[0]); add("nile_step", "var_level", r.params[1])
add("nile_step", "loglik", r.llf)
add("nile_step", "beta", r.smoothed_state[1][-1])
add("nile_step", "beta_se", np.sqrt(r.smoothed_state_cov[1, 1, -1]))
f = r.get_forecast(3, exog=np.ones(3))
for h in range(3):
    add("nile_step", f"forecast_{h+1}", f.predicted_mean[h])
    add("nile_step", f"forecast_se_{h+1}", np.sqrt(f.var_pred_mean[h]))

pd.DataFrame(rows, columns=["case", "name", "value"]).to_csv(
    "structural_statsmodels.csv", index=False)
for row in rows:
    print(*row)
