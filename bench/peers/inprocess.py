"""In-process times of the Python side, for the parts the issue names: pandas reading the 200,000 x 5
ratings CSV, and Krippendorff's alpha (ordinal) in vectorised numpy on the array it read. Best of 3.

    python3 inprocess.py ratings.csv     # prints {"read_ms": ..., "alpha_ms": ...}
"""
import json
import sys
import time

import pandas as pd

from agreement import krippendorff_ordinal


def best(fn):
    times, result = [], None
    for _ in range(3):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), result


read_ms, df = best(lambda: pd.read_csv(sys.argv[1]))
values = df.to_numpy(dtype=float)
alpha_ms, _ = best(lambda: krippendorff_ordinal(values))
print(json.dumps({"read_ms": read_ms, "alpha_ms": alpha_ms}))
