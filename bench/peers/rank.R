# The R peer of `pairwise rank --prior 0 --samples 0` (whole process timed): BradleyTerry2's BTm on
# the battles aggregated per pair, ties half a win each side. Prints Elo ratings (mean 1000) as JSON.
#   Rscript rank.R battles.csv
suppressPackageStartupMessages(library(BradleyTerry2))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1], stringsAsFactors = FALSE)
models <- sort(unique(c(d$model_a, d$model_b)))
lo <- ifelse(d$model_a < d$model_b, d$model_a, d$model_b)
hi <- ifelse(d$model_a < d$model_b, d$model_b, d$model_a)
w <- ifelse(d$winner %in% c("tie", "both_bad"), 0.5, ifelse((d$winner == "model_a") == (d$model_a == lo), 1, 0))
agg <- aggregate(cbind(w1 = w, w2 = 1 - w) ~ lo + hi, data = data.frame(lo, hi, w), FUN = sum)
agg$player1 <- factor(agg$lo, levels = models)
agg$player2 <- factor(agg$hi, levels = models)
fit <- suppressWarnings(BTm(cbind(w1, w2), player1, player2, data = agg, refcat = models[1]))
a <- BTabilities(fit)[, "ability"]
elo <- 1000 + 400 / log(10) * (a - mean(a))
cat("{", paste(sprintf("\"%s\": %.10f", names(elo), elo), collapse = ", "), "}\n")
