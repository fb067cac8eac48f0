# make-monitoring-fixtures.R -- reference values for the risk-model and provider-monitoring code
# (org.spineoutcomes.statistics.riskmodel and .monitoring), computed by R itself.
#
# Base R + stats only. From this directory run:
#
#     Rscript make-monitoring-fixtures.R
#
# It (over)writes ../fixtures/logistic*.csv, c-statistic.csv, cusum.csv, observed-expected.csv and funnel.csv.
# Same conventions as make-fixtures.R (kept separate so each script's random stream stays its own): inputs are
# literal or drawn after set.seed(20240614) and always written to the fixture; numbers are printed with
# sprintf("%.17g"); "NA" marks a figure that is undefined (Java: NaN).

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script) == 1L) dirname(normalizePath(script)) else getwd()
out <- file.path(here, "..", "fixtures")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

num <- function(x) {
  x <- unname(as.numeric(x))
  ifelse(is.na(x), "NA", sprintf("%.17g", x))
}
vec <- function(x) paste(num(x), collapse = ";")
header <- function(what) {
  c(sprintf("# %s", what),
    "# Produced by statistics/src/test/resources/r/make-monitoring-fixtures.R (run: Rscript make-monitoring-fixtures.R)",
    sprintf("# with %s; base and stats packages only. Do not edit by hand.", R.version.string),
    "# Numbers: sprintf('%.17g'); NA = undefined (NaN in Java); lists are ';'-separated.")
}
write_fixture <- function(name, what, rows) {
  rows <- lapply(rows, function(r) lapply(r, function(v) if (is.numeric(v)) num(v) else as.character(v)))
  con <- file(file.path(out, name), "w")
  writeLines(header(what), con)
  writeLines(paste(names(rows[[1]]), collapse = ","), con)
  writeLines(vapply(rows, function(r) paste(unlist(r), collapse = ","), ""), con)
  close(con)
  cat(sprintf("%-28s %5d rows\n", name, length(rows)))
}
# Inputs are rounded to short decimals and re-read through their printed form, so R fits exactly the doubles
# the Java test parses (both sides read decimal text with correctly rounded conversion).
decimal <- function(x, digits) as.numeric(sprintf("%.15g", round(x, digits)))

set.seed(20240614)

## ---------------------------------------------------------------------------------------------------------
## Logistic regression: glm(y ~ ., family = binomial), default glm.control (epsilon 1e-8, maxit 25)
## ---------------------------------------------------------------------------------------------------------
expit <- function(eta) 1 / (1 + exp(-eta))
patients <- function(n) {
  data.frame(age = pmin(90, pmax(18, round(rnorm(n, 56, 14)))),
             bmi = decimal(rnorm(n, 28, 5), 1),
             male = rbinom(n, 1, 0.52),
             diabetes = rbinom(n, 1, 0.18),
             smoker = rbinom(n, 1, 0.25),
             micro = rbinom(n, 1, 0.5))
}
lr <- list()

d <- patients(400)                                        # moderate event rate (~15%)
d$y <- rbinom(400, 1, expit(-1.9 + 0.03 * (d$age - 56) + 0.05 * (d$bmi - 28) + 0.3 * d$male +
                              0.6 * d$diabetes + 0.4 * d$smoker - 0.35 * d$micro))
lr$lr01_mixed <- d

d <- patients(600)[, c("age", "diabetes", "micro")]       # rare events (~2-3%)
d$asa3 <- rbinom(600, 1, 0.15)
d$y <- rbinom(600, 1, expit(-4.3 + 0.04 * (d$age - 56) + 0.8 * d$diabetes + 1.1 * d$asa3 - 0.4 * d$micro))
lr$lr02_rare <- d

n <- 300                                                  # covariates on very different scales, 3-level factor
asa <- sample(1:3, n, replace = TRUE, prob = c(0.35, 0.45, 0.2))
d <- data.frame(minutes = round(rlnorm(n, log(110), 0.35)), age = round(rnorm(n, 60, 12)),
                asa2 = as.integer(asa == 2), asa3 = as.integer(asa == 3), emergency = rbinom(n, 1, 0.1),
                albumin = decimal(rnorm(n, 4.1, 0.45), 2))
d$y <- rbinom(n, 1, expit(-1.2 + 0.012 * (d$minutes - 110) + 0.02 * (d$age - 60) + 0.4 * d$asa2 +
                            0.9 * d$asa3 + 1.2 * d$emergency - 0.8 * (d$albumin - 4.1)))
lr$lr03_scales <- d

n <- 250                                                  # aliased columns: R reports NA coefficients
asa <- sample(1:3, n, replace = TRUE)
d <- data.frame(age = round(rnorm(n, 55, 15)), revision = 0L, asa2 = as.integer(asa == 2),
                asa3 = as.integer(asa == 3), asa1 = as.integer(asa == 1), micro = rbinom(n, 1, 0.5))
d$y <- rbinom(n, 1, expit(-1 + 0.02 * (d$age - 55) + 0.5 * d$asa3 - 0.3 * d$micro))
lr$lr04_aliased <- d

n <- 200                                                  # quasi-complete separation: no event with dialysis
d <- patients(n)[, c("age", "male", "micro")]
d$dialysis <- as.integer(seq_len(n) %% 25 == 0)
d$y <- rbinom(n, 1, expit(-1.3 + 0.03 * (d$age - 56)))
d$y[d$dialysis == 1] <- 0L
lr$lr05_quasi_separated <- d

x <- decimal(rnorm(120), 3)                               # complete separation: y = 1 exactly when x > 0
lr$lr06_complete_separation <- data.frame(x = x, male = rbinom(120, 1, 0.5), y = as.integer(x > 0))

lr$lr07_intercept_only <- data.frame(y = rbinom(150, 1, 0.23))

lr$lr08_no_events <- data.frame(age = round(rnorm(80, 55, 12)), micro = rbinom(80, 1, 0.5), y = 0L)

d <- patients(300)[, c("age", "bmi", "micro")]            # strong effects, ~50% events
d$y <- rbinom(300, 1, expit(0.2 + 0.08 * (d$age - 56) - 0.1 * (d$bmi - 28) + 1.5 * d$micro))
lr$lr09_strong <- d

auc_mann_whitney <- function(p, y) {
  # Wilcoxon/Mann-Whitney W over (events, non-events) with mid-ranks, divided by n1 * n0 ...
  n1 <- sum(y == 1); n0 <- sum(y == 0)
  if (n1 == 0 || n0 == 0) return(NA_real_)
  w <- suppressWarnings(wilcox.test(p[y == 1], p[y == 0], exact = FALSE)$statistic)
  auc <- unname(w) / (n1 * n0)
  # ... and checked against the definition: P(p_event > p_nonevent) + P(tie) / 2 over all pairs.
  cmp <- outer(p[y == 1], p[y == 0], "-")
  stopifnot(auc == (sum(cmp > 0) + 0.5 * sum(cmp == 0)) / (n1 * n0))
  auc
}

rows <- list()
for (id in names(lr)) {
  d <- lr[[id]]
  covariates <- setdiff(names(d), "y")
  warnings <- character()
  fit <- withCallingHandlers(glm(y ~ ., family = binomial, data = d),
                             warning = function(w) {
                               warnings <<- c(warnings, conditionMessage(w))
                               invokeRestart("muffleWarning")
                             })
  s <- summary(fit)
  se <- rep(NA_real_, length(coef(fit)))
  names(se) <- names(coef(fit))
  se[rownames(s$coefficients)] <- s$coefficients[, "Std. Error"]
  boundary <- any(grepl("fitted probabilities numerically 0 or 1", warnings))
  stopifnot(boundary == any(fitted(fit) > 1 - 10 * .Machine$double.eps | fitted(fit) < 10 * .Machine$double.eps))
  data_file <- sprintf("logistic-%s.csv", id)
  data_rows <- lapply(seq_len(nrow(d)), function(i) {
    r <- list(y = as.integer(d$y[i]))
    for (v in covariates) r[[v]] <- num(d[[v]][i])
    r$fitted <- num(fitted(fit)[i])
    r
  })
  write_fixture(data_file, sprintf("Data of case %s in logistic.csv and R's fitted(glm(y ~ ., binomial))", id),
                data_rows)
  rows[[id]] <- list(
    case = id, data = data_file, covariates = if (length(covariates)) paste(covariates, collapse = ";") else "-",
    n = nrow(d), events = sum(d$y), coefficients = vec(coef(fit)), se = vec(se),
    deviance = num(deviance(fit)), nullDeviance = num(fit$null.deviance), iterations = fit$iter,
    converged = as.integer(fit$converged), boundary = as.integer(boundary), rank = fit$rank,
    auc = num(auc_mann_whitney(fitted(fit), d$y)),
    warnings = if (length(warnings)) gsub("[,;]", " ", paste(unique(warnings), collapse = " | ")) else "-")
}
write_fixture("logistic.csv", paste("glm(y ~ ., family = binomial) with default glm.control(); coefficients",
                                    "(intercept first) and summary()$coefficients SEs, NA where aliased;",
                                    "auc = wilcox.test(fitted[y==1], fitted[y==0])$statistic / (n1 n0)"), rows)

## ---------------------------------------------------------------------------------------------------------
## C-statistic (AUC) with ties counted 1/2, on small hand-made and tied inputs
## ---------------------------------------------------------------------------------------------------------
p_lr01 <- fitted(glm(y ~ ., family = binomial, data = lr$lr01_mixed))
auc_cases <- list(
  a01_textbook      = list(p = c(0.1, 0.4, 0.35, 0.8), y = c(0, 0, 1, 1)),
  a02_ties_across   = list(p = c(0.2, 0.2, 0.5, 0.5, 0.5, 0.9), y = c(0, 1, 0, 1, 1, 0)),
  a03_all_tied      = list(p = rep(0.3, 7), y = c(1, 0, 0, 1, 0, 0, 0)),
  a04_perfect       = list(p = c(0.01, 0.02, 0.03, 0.9, 0.95), y = c(0, 0, 0, 1, 1)),
  a05_reversed      = list(p = c(0.9, 0.8, 0.1, 0.2), y = c(0, 0, 1, 1)),
  a06_single_event  = list(p = c(0.3, 0.1, 0.7, 0.5, 0.5), y = c(0, 0, 0, 1, 0)),
  a07_no_events     = list(p = c(0.3, 0.1, 0.7), y = c(0, 0, 0)),
  a08_only_events   = list(p = c(0.3, 0.1), y = c(1, 1)),
  a09_rounded_lr01  = list(p = round(p_lr01, 2), y = lr$lr01_mixed$y),
  a10_random_ties   = list(p = sample(c(0.05, 0.1, 0.2, 0.4), 500, replace = TRUE), y = rbinom(500, 1, 0.3))
)
rows <- lapply(names(auc_cases), function(id) {
  a <- auc_cases[[id]]
  list(case = id, predicted = vec(a$p), outcome = paste(a$y, collapse = ";"), auc = num(auc_mann_whitney(a$p, a$y)))
})
write_fixture("c-statistic.csv", paste("C-statistic: wilcox.test(p[y==1], p[y==0])$statistic / (n1 n0),",
                                       "checked against the pairwise definition (ties 1/2)"), rows)

## ---------------------------------------------------------------------------------------------------------
## Risk-adjusted CUSUM (Steiner, Cook, Farewell & Treasure 2000) and VLAD
## ---------------------------------------------------------------------------------------------------------
# W = log(((1 - p + R0 p) RA^y) / ((1 - p + RA p) R0^y)): the log-likelihood ratio of odds ratio RA against R0.
# Upper chart: X = max(0, X + W(RA_up)), signal when X >= h_up, then X restarts at 0.
# Lower chart: Z = min(0, Z - W(RA_low)), signal when Z <= -h_low, then Z restarts at 0.
# The recorded value is the one reached by the case, before any restart.
weight <- function(p, y, r0, ra) log(((1 - p + r0 * p) * ra^y) / ((1 - p + ra * p) * r0^y))
cusum_path <- function(p, y, r0, ra_up, h_up, ra_low, h_low) {
  x <- 0; z <- 0
  up <- low <- numeric(length(p)); sig_up <- sig_low <- integer(length(p))
  for (i in seq_along(p)) {
    x <- max(0, x + weight(p[i], y[i], r0, ra_up))
    z <- min(0, z - weight(p[i], y[i], r0, ra_low))
    up[i] <- x; low[i] <- z
    if (x >= h_up) { sig_up[i] <- 1L; x <- 0 }
    if (z <= -h_low) { sig_low[i] <- 1L; z <- 0 }
  }
  list(up = up, low = low, sig_up = sig_up, sig_low = sig_low, vlad = cumsum(p - y))
}
# Parsonnet model of Steiner et al.: logit p = -3.68 + 0.077 Parsonnet.
parsonnet <- function(n) pmin(71, round(rexp(n, 1 / 9)))
risk <- function(s) 1 / (1 + exp(-(-3.68 + 0.077 * s)))
odds_shift <- function(p, or) or * p / (1 - p + or * p)
cusum_cases <- list()
s <- parsonnet(500); p <- risk(s)
cusum_cases$c01_in_control <- list(p = p, y = rbinom(500, 1, p), set = c(1, 2, 4.5, 0.5, 4))
s <- parsonnet(600); p <- risk(s)
cusum_cases$c02_deteriorating <- list(p = p, y = rbinom(600, 1, ifelse(seq_along(p) > 150, odds_shift(p, 3), p)),
                                      set = c(1, 2, 4.5, 0.5, 4))
s <- parsonnet(600); p <- risk(s)
cusum_cases$c03_improving <- list(p = p, y = rbinom(600, 1, odds_shift(p, 0.25)), set = c(1, 2, 4.5, 0.5, 4))
p <- runif(400, 0.01, 0.3)
cusum_cases$c04_settings <- list(p = p, y = rbinom(400, 1, odds_shift(p, 1.6)), set = c(1, 1.5, 2.5, 0.67, 3))
p <- runif(300, 0.05, 0.5)
cusum_cases$c05_r0_not_one <- list(p = p, y = rbinom(300, 1, p), set = c(1.2, 2.4, 3.5, 0.6, 3.5))
cusum_cases$c06_extremes <- list(p = c(0, 1, 0, 1, 0.5, 1e-12, 1 - 1e-9, 0.25, 0, 1),
                                 y = c(1, 0, 0, 1, 1, 1, 0, 0, 1, 1), set = c(1, 2, 4.5, 0.5, 4))
rows <- lapply(names(cusum_cases), function(id) {
  a <- cusum_cases[[id]]; set <- a$set
  r <- cusum_path(a$p, a$y, set[1], set[2], set[3], set[4], set[5])
  list(case = id, r0 = num(set[1]), oddsRatioUpper = num(set[2]), limitUpper = num(set[3]),
       oddsRatioLower = num(set[4]), limitLower = num(set[5]), risk = vec(a$p), died = paste(a$y, collapse = ";"),
       upper = vec(r$up), upperSignals = paste(which(r$sig_up == 1), collapse = ";"),
       lower = vec(r$low), lowerSignals = paste(which(r$sig_low == 1), collapse = ";"),
       vlad = vec(r$vlad))
})
write_fixture("cusum.csv", paste("Risk-adjusted CUSUM paths (value reached by each case before a restart;",
                                 "signals are 1-based case numbers) and VLAD cumsum(p - y)"), rows)

## ---------------------------------------------------------------------------------------------------------
## Observed / expected with the exact Poisson 95% interval: poisson.test(O, T = E)
## ---------------------------------------------------------------------------------------------------------
rows <- list()
for (o in c(0, 1, 2, 3, 5, 8, 13, 27, 50, 100, 371, 1000, 25000)) {
  for (e in c(0.37, 1, 4.2, 12.75, 60.3, 950.5)) {
    pt <- poisson.test(o, T = e)
    stopifnot(isTRUE(all.equal(as.numeric(pt$conf.int),
                               c(if (o == 0) 0 else qchisq(0.025, 2 * o) / 2, qchisq(0.975, 2 * (o + 1)) / 2) / e,
                               tolerance = 1e-14)))
    rows[[length(rows) + 1]] <- list(observed = o, expected = num(e), ratio = num(pt$estimate),
                                     ciLow = num(pt$conf.int[1]), ciHigh = num(pt$conf.int[2]))
  }
}
write_fixture("observed-expected.csv", "O/E with exact Poisson 95% CI: poisson.test(observed, T = expected)$estimate, $conf.int", rows)

## ---------------------------------------------------------------------------------------------------------
## Funnel limits (Spiegelhalter 2005, Stat Med 24:1185, appendix): exact quantile with interpolation
## ---------------------------------------------------------------------------------------------------------
# For the p-quantile: r = the smallest count with F(r) >= p (qbinom / qpois), then
#   alpha = (F(r) - p) / (F(r) - F(r - 1)),  limit = (r - alpha) / n  [proportion]  or  (r - alpha) / E  [O/E],
# lower limits floored at 0 (r = 0 gives a negative value: no count can fall below it).
# p = (1 - coverage) / 2 for the lower limit, 1 - (1 - coverage) / 2 for the upper one.
interpolated <- function(p, q, cdf, scale) {
  r <- q(p)
  alpha <- (cdf(r) - p) / (cdf(r) - cdf(r - 1))
  max(0, (r - alpha) / scale)
}
rows <- list()
for (coverage in c(0.95, 0.998)) {
  pl <- (1 - coverage) / 2; pu <- 1 - (1 - coverage) / 2
  for (theta in c(0.003, 0.02, 0.05, 0.15, 0.5, 0.93)) {
    for (n in c(1, 2, 5, 10, 20, 50, 100, 250, 1000, 5000, 40000)) {
      lim <- sapply(c(pl, pu), function(p) interpolated(p, function(p) qbinom(p, n, theta),
                                                        function(r) pbinom(r, n, theta), n))
      rows[[length(rows) + 1]] <- list(kind = "proportion", target = num(theta), size = num(n),
                                       coverage = num(coverage), lower = num(lim[1]), upper = num(lim[2]))
    }
  }
  for (e in c(0.05, 0.5, 1, 2.5, 5, 10, 20, 50, 137.3, 500, 4000)) {
    lim <- sapply(c(pl, pu), function(p) interpolated(p, function(p) qpois(p, e), function(r) ppois(r, e), e))
    rows[[length(rows) + 1]] <- list(kind = "ratio", target = num(1), size = num(e),
                                     coverage = num(coverage), lower = num(lim[1]), upper = num(lim[2]))
  }
}
write_fixture("funnel.csv", paste("Funnel limits, Spiegelhalter (2005) interpolated exact limits: proportion",
                                  "(qbinom/pbinom, size = n) and O/E (qpois/ppois, size = expected), lower floored at 0"), rows)
