"""The peer of `pairwise aggregate --method dawid-skene` (whole process timed): pandas and
vectorised numpy, the same algorithm and stopping rule (soft-majority start, smoothing 0.01, stop
when no posterior moves by more than 1e-8). No packaged Dawid-Skene ships with Debian.

    python3 aggregate.py labels.csv

Prints what `--json` prints (priors, iterations, each item's label and posterior) so the bench
can check both sides agree.
"""
import json
import sys

import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1], dtype={"label": str})
ii, items = pd.factorize(df["item"])
aa, annotators = pd.factorize(df["annotator"])
kk, classes = pd.factorize(df["label"], sort=True)
I, A, K = len(items), len(annotators), len(classes)
T = np.zeros((I, K))
np.add.at(T, (ii, kk), 1.0)
T /= T.sum(axis=1, keepdims=True)
cell = aa * K + kk  # (annotator, label given) per judgment
for iteration in range(1, 10001):
    priors = T.mean(axis=0)
    # M-step: pi[a, t, k] = smoothing + sum of T[i, t] over a's judgments labelled k.
    pi = np.stack([np.bincount(cell, weights=T[ii, t], minlength=A * K).reshape(A, K) for t in range(K)], axis=1) + 0.01
    pi /= pi.sum(axis=2, keepdims=True)
    logpi = np.log(pi)
    # E-step: log posterior = log prior + the log-probabilities of every label the item got.
    logT = np.log(priors)[None, :] + np.stack([np.bincount(ii, weights=logpi[aa, t, kk], minlength=I) for t in range(K)], axis=1)
    logT -= logT.max(axis=1, keepdims=True)
    new = np.exp(logT)
    new /= new.sum(axis=1, keepdims=True)
    change = np.abs(new - T).max()
    T = new
    if change <= 1e-8:
        break
best = T.argmax(axis=1)
out = [{"item": item, "label": classes[b], "posterior": p} for item, b, p in zip(items, best, T.tolist())]
print(json.dumps({"priors": T.mean(axis=0).tolist(), "iterations": iteration, "items": out}, indent=2))
