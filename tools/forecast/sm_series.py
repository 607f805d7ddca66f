"""statsmodels' four public series as the forecasting figures use them: name -> (values, season).

CO2's weekly readings become monthly means with the gaps interpolated, El Nino's table of years x
months one monthly column; the seasons are those LSTM Lab detects (12, 11, 12, none).
"""
from statsmodels.datasets import co2, elnino, nile, sunspots


def series():
    c = co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    e = elnino.load_pandas().data.drop(columns="YEAR").to_numpy().ravel()
    return {
        "co2": (c.to_numpy(), 12),
        "sunspots": (sunspots.load_pandas().data["SUNACTIVITY"].to_numpy(), 11),
        "elnino": (e, 12),
        "nile": (nile.load_pandas().data["volume"].to_numpy(), 1),
    }
