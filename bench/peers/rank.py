"""The peers of `pairwise rank --prior 0 --samples 0` (whole process timed).

    python3 rank.py sklearn battles.csv       # FastChat's Chatbot Arena fit, as FastChat runs it
    python3 rank.py statsmodels battles.csv   # the same likelihood as a binomial GLM (IRLS)

Prints the Elo ratings (mean 1000) as JSON so the bench can compare them with Pairwise's.
"""
import json
import math
import sys

import numpy as np
import pandas as pd


def fastchat_sklearn(df):
    """compute_elo_mle_with_tie of FastChat (elo_analysis.py, commit 663442ef), tables over every model."""
    from sklearn.linear_model import LogisticRegression

    everyone = sorted(set(df.model_a) | set(df.model_b))
    table = lambda rows: pd.pivot_table(rows, index="model_a", columns="model_b", aggfunc="size", fill_value=0).reindex(index=everyone, columns=everyone, fill_value=0)
    a_win, tie, b_win = table(df[df.winner == "model_a"]), table(df[df.winner.isin(["tie", "both_bad"])]), table(df[df.winner == "model_b"])
    win = a_win * 2 + b_win.T * 2 + tie + tie.T
    p = len(everyone)
    X = np.zeros([p * (p - 1) * 2, p])
    Y = np.zeros(p * (p - 1) * 2)
    weights = []
    row = 0
    for i, m_a in enumerate(everyone):
        for j, m_b in enumerate(everyone):
            if i == j:
                continue
            X[row, i], X[row, j], Y[row] = math.log(10), -math.log(10), 1.0
            weights.append(win.loc[m_a, m_b])
            X[row + 1, i], X[row + 1, j], Y[row + 1] = math.log(10), -math.log(10), 0.0
            weights.append(win.loc[m_b, m_a])
            row += 2
    lr = LogisticRegression(fit_intercept=False, penalty=None, tol=1e-6)
    lr.fit(X, Y, sample_weight=weights)
    return dict(zip(everyone, (400 * lr.coef_[0] + 1000).tolist()))


def statsmodels_glm(df):
    import statsmodels.api as sm

    everyone = sorted(set(df.model_a) | set(df.model_b))
    index = {m: i for i, m in enumerate(everyone)}
    a = df.model_a.map(index).to_numpy()
    b = df.model_b.map(index).to_numpy()
    share = np.where(df.winner == "model_a", 1.0, np.where(df.winner == "model_b", 0.0, 0.5))
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    lo_share = np.where(a < b, share, 1 - share)
    pairs = pd.DataFrame({"lo": lo, "hi": hi, "w": lo_share}).groupby(["lo", "hi"]).w.agg(["sum", "count"]).reset_index()
    X = np.zeros((len(pairs), len(everyone)))
    X[np.arange(len(pairs)), pairs["lo"]] = 1
    X[np.arange(len(pairs)), pairs["hi"]] = -1
    fit = sm.GLM(pairs["sum"] / pairs["count"], X[:, 1:], family=sm.families.Binomial(), var_weights=pairs["count"]).fit()
    theta = np.concatenate([[0.0], fit.params])
    return dict(zip(everyone, (1000 + 400 / math.log(10) * (theta - theta.mean())).tolist()))


if __name__ == "__main__":
    df = pd.read_csv(sys.argv[2])
    print(json.dumps(fastchat_sklearn(df) if sys.argv[1] == "sklearn" else statsmodels_glm(df)))
