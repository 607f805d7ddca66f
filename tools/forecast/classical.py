#!/usr/bin/env python3
"""Classical models on the test parts that LSTM Lab's forecasting tests use, run by hand.

For each of statsmodels' CO2 (weekly readings averaged by month, gaps interpolated), sunspots,
El Nino (years x months read month by month) and Nile series, the test part is what LSTM Lab's
default split makes: the last round(0.1 n) values. Each model is fitted once on everything before
the test part (training + validation, as LSTM Lab's early stopping also sees the validation part)
and then forecasts every test value one step ahead from the actual values before it, without
refitting (statsmodels' `append(..., refit=False)`), which is what LSTM Lab's test windows do.

Models: ARIMA with the order chosen by AIC over a small grid (seasonal (1,1,1)_m where the series
has a season), and ETS (Holt-Winters: additive trend, damped, and additive season where there is
one). Prints a Markdown table of test MSE next to the naive and seasonal naive forecasts.

Usage: python3 tools/forecast/classical.py   (needs Debian's python3-statsmodels)
"""
import itertools
import warnings

import numpy as np
from sm_series import series
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.holtwinters import ExponentialSmoothing

warnings.filterwarnings("ignore")


def one_step(fit_fn, y, cut):
    """One-step forecasts of y[cut:] from a model fitted on y[:cut], extended without refitting."""
    res = fit_fn(y[:cut])
    res = res.append(y[cut:], refit=False)
    pred = res.predict(start=cut, end=len(y) - 1)
    return np.asarray(pred)


def arima(y, cut, m):
    best = None
    seasonal = [(0, 0, 0, 0)] if m == 1 else [(1, 1, 1, m), (0, 1, 1, m)]
    for (p, d, q), s in itertools.product(itertools.product([0, 1, 2], [0, 1], [0, 1, 2]), seasonal):
        try:
            res = ARIMA(y[:cut], order=(p, d, q), seasonal_order=s).fit()
        except Exception:  # noqa: BLE001 - a grid point that does not fit is skipped
            continue
        if best is None or res.aic < best[0]:
            best = (res.aic, (p, d, q), s)
    _, order, s = best
    pred = one_step(lambda part: ARIMA(part, order=order, seasonal_order=s).fit(), y, cut)
    return pred, f"ARIMA{order}" + ("" if m == 1 else f"x{s[:3]}_{m}")


def ets(y, cut, m):
    # Holt-Winters has no append(): forecast each test value from a fit with fixed parameters.
    kw = dict(trend="add", damped_trend=True)
    if m > 1:
        kw.update(seasonal="add", seasonal_periods=m)
    fitted = ExponentialSmoothing(y[:cut], **kw).fit()
    pred = []
    for t in range(cut, len(y)):
        model = ExponentialSmoothing(y[:t], **kw)
        res = model.fit(smoothing_level=fitted.params["smoothing_level"],
                        smoothing_trend=fitted.params["smoothing_trend"],
                        damping_trend=fitted.params["damping_trend"],
                        smoothing_seasonal=fitted.params.get("smoothing_seasonal") if m > 1 else None,
                        optimized=False)
        pred.append(res.forecast(1)[0])
    return np.asarray(pred), "ETS(A,Ad," + ("A" if m > 1 else "N") + ")"


def main():
    print("| series | n | test | naive | seasonal naive | ARIMA (order) | ETS |")
    print("|---|---|---|---|---|---|---|")
    for name, (y, m) in series().items():
        y = np.asarray(y, dtype=float)
        n = len(y)
        cut = n - int(round(0.1 * n))
        actual = y[cut:]
        naive = y[cut - 1:-1]
        snaive = y[cut - m:n - m]
        a, order = arima(y, cut, m)
        e, _ = ets(y, cut, m)
        mse = lambda p: float(np.mean((actual - p) ** 2))
        print(f"| {name} | {n} | {len(actual)} | {mse(naive):.4g} | {mse(snaive):.4g} |"
              f" {mse(a):.4g} ({order}) | {mse(e):.4g} |")


if __name__ == "__main__":
    main()
