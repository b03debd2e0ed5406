"""The peers of `pairwise agreement`, as a careful ML team would write them (whole process timed).

    python3 agreement.py krippendorff-ordinal ratings.csv   # pandas + vectorised numpy
    python3 agreement.py fleiss ratings.csv                 # pandas + statsmodels
    python3 agreement.py cohen ratings.csv                  # pandas + sklearn (first two columns)
    python3 agreement.py per-annotator labels.csv           # pandas + sklearn, leave-one-out majority

Prints the statistic (per-annotator: the median kappa) so the bench can check both sides agree.
"""
import sys

import numpy as np
import pandas as pd


def krippendorff_ordinal(values):
    """Krippendorff's alpha (ordinal) from a units x raters array with NaN missing (Krippendorff 2011)."""
    categories = np.unique(values[~np.isnan(values)])
    k = len(categories)
    counts = np.stack([(values == c).sum(axis=1) for c in categories], axis=1).astype(float)
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m = counts[pairable], m[pairable]
    o = counts.T @ (counts / (m - 1)[:, None]) - np.diag((counts / (m - 1)[:, None]).sum(axis=0))
    nc = o.sum(axis=1)
    n = nc.sum()
    cum = np.cumsum(nc)
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    span = cum[hi] - np.where(lo > 0, cum[lo - 1], 0) - (nc[lo] + nc[hi]) / 2
    delta = np.where(i == j, 0.0, span**2)
    observed = (o * delta).sum() / n
    expected = (np.outer(nc, nc) * delta).sum() / (n * (n - 1))
    return 1 - observed / expected


def per_annotator(df):
    from sklearn.metrics import cohen_kappa_score

    labels = sorted(df.label.astype(str).unique())
    df = df.assign(label=df.label.astype(str))
    counts = pd.crosstab(df["item"], df["label"]).reindex(columns=labels, fill_value=0)
    mine = pd.get_dummies(df["label"]).reindex(columns=labels, fill_value=0).to_numpy()
    others = counts.loc[df["item"]].to_numpy() - mine
    best = others.max(axis=1)
    unique = ((others == best[:, None]).sum(axis=1) == 1) & (best > 0)
    majority = np.array(labels)[others.argmax(axis=1)]
    kappas = []
    for _, rows in df[unique].assign(majority=majority[unique]).groupby("annotator"):
        kappas.append(cohen_kappa_score(rows["label"], rows["majority"], labels=labels))
    return float(np.median(kappas))


if __name__ == "__main__":
    metric, path = sys.argv[1], sys.argv[2]
    if metric == "per-annotator":
        print(per_annotator(pd.read_csv(path)))
    elif metric == "krippendorff-ordinal":
        print(krippendorff_ordinal(pd.read_csv(path).to_numpy(dtype=float)))
    elif metric == "fleiss":
        from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

        print(fleiss_kappa(aggregate_raters(pd.read_csv(path).to_numpy())[0]))
    elif metric == "cohen":
        from sklearn.metrics import cohen_kappa_score

        df = pd.read_csv(path)
        print(cohen_kappa_score(df.iloc[:, 0], df.iloc[:, 1]))
