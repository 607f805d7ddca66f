#!/usr/bin/env python3
"""Writes statsmodels' CO2, sunspots, El Nino and Nile series as CSV files `time,value`, as
LSTM Lab's RealSeriesTest reads them: CO2's weekly readings as monthly means (gaps left blank),
El Nino's table of years x months as one monthly column.

Usage: python3 tools/forecast/statsmodels_csv.py OUT_DIR   (needs Debian's python3-statsmodels)
"""
import sys
from pathlib import Path


def main(out):
    from statsmodels.datasets import co2, elnino, nile, sunspots

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    c = co2.load_pandas().data["co2"].resample("MS").mean()
    rows = {"co2": [(d.strftime("%Y-%m"), v) for d, v in c.items()]}
    rows["sunspots"] = [(int(y), v) for y, v in sunspots.load_pandas().data.to_numpy()]
    e = elnino.load_pandas().data
    rows["elnino"] = [(f"{int(r[0])}-{m:02d}", r[m]) for r in e.itertuples(index=False)
                      for m in range(1, 13)]
    rows["nile"] = [(int(y), v) for y, v in nile.load_pandas().data.to_numpy()]
    for name, rs in rows.items():
        with open(out / f"{name}.csv", "w") as f:
            f.write("time,value\n")
            for t, v in rs:
                f.write(f"{t},{'' if v != v else v}\n")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(0 if len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help") else 2)
    main(sys.argv[1])
