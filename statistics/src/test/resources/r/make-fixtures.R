# make-fixtures.R -- reference values for the statistics module's tests, computed by R itself.
#
# Base R + stats only. From this directory run:
#
#     Rscript make-fixtures.R
#
# It (over)writes ../fixtures/*.csv. Inputs are either written out literally here or drawn after
# set.seed(20240613); every input is also written to the fixture, so the Java tests never depend on R's
# random number generator. Numbers are printed with sprintf("%.17g"), which round-trips every double;
# "NA" marks a figure that is undefined by the module's conventions (Java: NaN).
#
# Conventions applied here exactly as in the Java module (and the acceptance reference figures):
#   - ratios (RR, OR) are NA when their estimate would be 0 or infinite (no events in an arm);
#   - chi-square statistics are NA when R gives NaN (no event at all, or every procedure with the event);
#   - Mantel-Haenszel and inverse-variance pooling skip strata that cannot contribute (an arm without
#     procedures; for inverse variance an arm with n < 2 or a non-positive variance of the difference).

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
hist_of <- function(x) {            # integer vector -> "value:count;..." (sorted)
  t <- table(x)
  paste(paste0(names(t), ":", as.integer(t)), collapse = ";")
}
header <- function(file, what) {
  c(sprintf("# %s", what),
    sprintf("# Produced by statistics/src/test/resources/r/make-fixtures.R (run: Rscript make-fixtures.R)"),
    sprintf("# with %s; base and stats packages only. Do not edit by hand.", R.version.string),
    "# Numbers: sprintf('%.17g'); NA = undefined (NaN in Java); lists are ';'-separated, histograms value:count.")
}
write_fixture <- function(name, what, rows) {
  # Every cell becomes text here (numbers through num()), so nothing is reformatted or padded on the way.
  rows <- lapply(rows, function(r) lapply(r, function(v) if (is.numeric(v)) num(v) else as.character(v)))
  con <- file(file.path(out, name), "w")
  writeLines(header(name, what), con)
  writeLines(paste(names(rows[[1]]), collapse = ","), con)
  writeLines(vapply(rows, function(r) paste(unlist(r), collapse = ","), ""), con)
  close(con)
  cat(sprintf("%-22s %4d rows\n", name, length(rows)))
}

z975 <- qnorm(0.975)
set.seed(20240613)

## ---------------------------------------------------------------------------------------------------------
## Descriptives: mean, sd, var, median, quantile type 7
## ---------------------------------------------------------------------------------------------------------
desc_cases <- list(
  d01_single          = 7,
  d02_pair            = c(3, 10),
  d03_small_odd       = c(5, 1, 4, 2, 3),
  d04_n4_interpolated = c(80, 10, 40, 20),
  d05_ties_int        = sample(0:10, 25, replace = TRUE),
  d06_constant        = rep(42, 9),
  d07_skewed_int      = round(rlnorm(600, 6, 0.9)),
  d08_negative_real   = rnorm(37, -3.5, 2.25),
  d09_offset_real     = 1e9 + rnorm(50),
  d10_odi_large       = sample(0:100, 3000, replace = TRUE, prob = dbinom(0:100, 100, 0.3) + 0.002),
  d11_real_ties       = round(runif(40, 0, 10), 1),
  d12_int_offset      = 1e7 + sample(0:5, 200, replace = TRUE),
  d13_negative_int    = sample(-20:5, 31, replace = TRUE),
  d14_even_n          = c(2, 9, 4, 4, 7, 1),
  d15_tiny_real       = rnorm(15, 1e-9, 1e-12)
)
rows <- lapply(names(desc_cases), function(id) {
  x <- desc_cases[[id]]
  list(case = id, values = vec(x), n = length(x), mean = num(mean(x)), sd = num(sd(x)),
       variance = num(var(x)), median = num(median(x)),
       q1 = num(quantile(x, 0.25, names = FALSE)), q3 = num(quantile(x, 0.75, names = FALSE)))
})
write_fixture("descriptives.csv", "Descriptives: mean(x), sd(x), var(x), median(x), quantile(x, c(.25, .75)) (type 7)", rows)

## ---------------------------------------------------------------------------------------------------------
## Welch: t.test(micro, open, var.equal = FALSE) and Hedges' g
## ---------------------------------------------------------------------------------------------------------
odi <- function(n, p) sample(0:100, n, replace = TRUE, prob = dbinom(0:100, 100, p) + 0.001)
welch_cases <- list(
  w01_tiny        = list(micro = c(1, 3), open = c(2, 4, 9)),
  w02_unequal     = list(micro = rnorm(8, 10, 1), open = rnorm(40, 12, 6)),
  w03_large       = list(micro = rnorm(2000, 50, 10), open = rnorm(3000, 50.4, 14)),
  w04_tiny_p      = list(micro = rnorm(300, 0, 1), open = rnorm(300, 2.2, 1.3)),
  w05_tinier_p    = list(micro = rnorm(400, 0, 1), open = rnorm(500, 4, 1)),
  w06_int_ties    = list(micro = sample(1:7, 30, TRUE), open = sample(2:9, 45, TRUE)),
  w07_one_constant = list(micro = rep(5, 6), open = c(3, 8, 4, 9, 7)),
  w08_equal_means = list(micro = c(1, 2, 3), open = c(0, 2, 4)),
  w09_skewed_int  = list(micro = round(rlnorm(271, 4.1, 0.8)), open = round(rlnorm(323, 6.3, 0.9))),
  w10_hist_large  = list(micro = odi(20000, 0.25), open = odi(15000, 0.28), hist = TRUE),
  w11_small_df    = list(micro = c(10.5, 11.25, 30), open = rnorm(60, 12, 0.5))
)
rows <- lapply(names(welch_cases), function(id) {
  w <- welch_cases[[id]]
  tt <- t.test(w$micro, w$open, var.equal = FALSE)
  n1 <- length(w$micro); n0 <- length(w$open)
  diff <- mean(w$micro) - mean(w$open)
  sp <- sqrt(((n1 - 1) * var(w$micro) + (n0 - 1) * var(w$open)) / (n1 + n0 - 2))
  g <- (1 - 3 / (4 * (n1 + n0) - 9)) * diff / sp
  stopifnot(isTRUE(all.equal(unname(tt$estimate[1] - tt$estimate[2]), diff, tolerance = 1e-15)))
  enc <- if (isTRUE(w$hist)) hist_of else vec
  list(case = id, micro = enc(w$micro), open = enc(w$open), difference = num(diff), se = num(tt$stderr),
       tStatistic = num(tt$statistic), df = num(tt$parameter), pValue = num(tt$p.value),
       ciLow = num(tt$conf.int[1]), ciHigh = num(tt$conf.int[2]), hedgesG = num(g))
})
write_fixture("welch.csv", "Welch: t.test(micro, open, var.equal = FALSE); hedgesG = (1 - 3/(4(n1+n0) - 9)) * diff / pooled SD", rows)

## ---------------------------------------------------------------------------------------------------------
## Wilson: prop.test(x, n, correct = FALSE)$conf.int
## ---------------------------------------------------------------------------------------------------------
wilson <- function(x, n) {
  ci <- suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int
  c(rate = x / n, low = ci[1], high = ci[2])
}
wilson_cases <- list(c(0, 1), c(1, 1), c(0, 10), c(10, 10), c(1, 10), c(5, 10), c(3, 7), c(0, 317),
                     c(1, 268), c(13, 13), c(61, 317), c(46, 268), c(500, 1000), c(1, 100000),
                     c(99999, 100000), c(0, 1000000), c(123457, 1000000), c(2, 3))
rows <- lapply(wilson_cases, function(k) {
  w <- wilson(k[1], k[2])
  list(events = k[1], n = k[2], rate = num(w["rate"]), ciLow = num(w["low"]), ciHigh = num(w["high"]))
})
write_fixture("wilson.csv", "Wilson score interval: prop.test(events, n, correct = FALSE)$conf.int", rows)

## ---------------------------------------------------------------------------------------------------------
## Crude binary comparison
## ---------------------------------------------------------------------------------------------------------
binary_cases <- list(                  # eventsOpen, nOpen, eventsMicro, nMicro
  b01_moderate       = c(61, 317, 46, 268),
  b02_no_open_events = c(0, 317, 1, 268),
  b03_no_micro_events = c(1, 57, 0, 57),
  b04_no_events      = c(0, 50, 0, 58),
  b05_all_micro      = c(40, 46, 48, 48),
  b06_all_open       = c(13, 13, 20, 23),
  b07_all_events     = c(10, 10, 12, 12),
  b08_fisher_tiny_p  = c(0, 500, 500, 500),
  b09_strong         = c(2, 1000, 900, 1000),
  b10_small          = c(3, 7, 5, 6),
  b11_large_n        = c(1234, 20000, 1456, 21000),
  b12_single_each    = c(0, 1, 1, 1),
  b13_unbalanced     = c(5, 12, 1, 40),
  b14_symmetric      = c(3, 10, 7, 10),
  b15_equal_rates    = c(22, 323, 18, 271),
  b16_half           = c(1, 2, 1, 2),
  # Tables whose tail probabilities tie exactly but differ in the last bits once computed: fisher.test's
  # relative tolerance of 1e-7 decides whether the tied table counts.
  b17_fisher_tie     = c(1, 4, 2, 4),
  b18_fisher_tie     = c(2, 4, 1, 4),
  b19_fisher_tie     = c(0, 11, 1, 11),
  b20_fisher_tie     = c(1, 11, 0, 11),
  # One possible table only, with a small sampling fraction (Commons Math's hypergeometric gives NaN there).
  b21_no_events_unbalanced  = c(0, 144, 0, 15),
  b22_all_events_unbalanced = c(144, 144, 15, 15),
  # Registry-sized arms, where the p-value sums only the tables that matter to a double (rare, common and
  # far-tail tables, and one whose p-value is near 1).
  b23_registry_rare      = c(2345, 48000, 2101, 52000),
  b24_registry_common    = c(24000, 48000, 26500, 52000),
  b25_registry_far_tail  = c(1000, 50000, 2500, 50000),
  b26_registry_similar   = c(2400, 48000, 2601, 52000)
)
rows <- lapply(names(binary_cases), function(id) {
  k <- binary_cases[[id]]; eo <- k[1]; no <- k[2]; em <- k[3]; nm <- k[4]
  wo <- wilson(eo, no); wm <- wilson(em, nm)
  p1 <- wm[["rate"]]; p0 <- wo[["rate"]]
  rd <- p1 - p0
  rdLow <- rd - sqrt((p1 - wm[["low"]])^2 + (wo[["high"]] - p0)^2)
  rdHigh <- rd + sqrt((wm[["high"]] - p1)^2 + (p0 - wo[["low"]])^2)
  rr <- se <- NA; lim <- rep(NA, 4)
  if (em > 0 && eo > 0) {
    rr <- p1 / p0
    se <- sqrt(1 / em - 1 / nm + 1 / eo - 1 / no)
    lim <- exp(log(rr) + c(-1, 1, -1, 1) * c(z975, z975, 1.96, 1.96) * se)
  }
  fisher <- fisher.test(matrix(c(em, eo, nm - em, no - eo), 2))$p.value
  chi <- suppressWarnings(prop.test(c(em, eo), c(nm, no), correct = FALSE))
  chiC <- suppressWarnings(prop.test(c(em, eo), c(nm, no), correct = TRUE))
  nan2na <- function(x) if (is.nan(x)) NA else x
  list(case = id, eventsOpen = eo, nOpen = no, eventsMicro = em, nMicro = nm,
       riskDifference = num(rd), rdCiLow = num(rdLow), rdCiHigh = num(rdHigh),
       relativeRisk = num(rr), rrSeLog = num(se), rrCiLow = num(lim[1]), rrCiHigh = num(lim[2]),
       rrCiLow196 = num(lim[3]), rrCiHigh196 = num(lim[4]), fisherPValue = num(fisher),
       chiSquare = num(nan2na(chi$statistic)), chiSquarePValue = num(nan2na(chi$p.value)),
       chiSquareCorrected = num(nan2na(chiC$statistic)), chiSquareCorrectedPValue = num(nan2na(chiC$p.value)))
})
write_fixture("binary.csv", paste("Binary: Newcombe hybrid score RD from Wilson limits; RR with log CI; fisher.test(...)$p.value;",
                                  "prop.test(c(em, eo), c(nm, no), correct = FALSE / TRUE)"), rows)

## ---------------------------------------------------------------------------------------------------------
## Mantel-Haenszel: RR (Greenland-Robins), RD (Sato), OR (mantelhaen.test / RBG), CMH
## ---------------------------------------------------------------------------------------------------------
# A stratum is c(eventsMicro, nMicro, eventsOpen, nOpen): MICROSCOPIC is the exposed group.
st <- function(...) do.call(rbind, list(...))
random_strata <- function(k, nmin, nmax, risk, rr) {
  t(sapply(seq_len(k), function(i) {
    nm <- sample(nmin:nmax, 1); no <- sample(nmin:nmax, 1); r0 <- risk * runif(1, 0.5, 1.5)
    c(rbinom(1, nm, min(1, r0 * rr)), nm, rbinom(1, no, r0), no)
  }))
}
sparse <- random_strata(30, 1, 4, 0.2, 1.5)
mh_cases <- list(
  # Mantel (1963) penicillin and rabbits, R's ?mantelhaen.test example: "immediate injection" as exposed.
  m01_rabbits        = st(c(0, 6, 0, 5), c(3, 6, 0, 6), c(6, 6, 2, 6), c(5, 6, 6, 6), c(2, 2, 5, 5)),
  # UGDP tolbutamide vs placebo deaths by age (<55, 55+), Rothman, Greenland & Lash, Modern Epidemiology.
  m02_tolbutamide    = st(c(8, 106, 5, 120), c(22, 98, 16, 85)),
  m03_moderate       = random_strata(10, 15, 80, 0.15, 1.3),
  m04_sparse         = sparse,
  m05_single_arm     = rbind(sparse[1:12, ], c(1, 3, 0, 0), c(0, 0, 1, 1), c(2, 2, 0, 0), c(0, 1, 0, 0),
                             c(0, 0, 0, 4)),
  m06_no_open_events = st(c(1, 5, 0, 3), c(0, 2, 0, 4), c(2, 7, 0, 6), c(1, 1, 0, 2)),
  m07_no_micro_events = st(c(0, 5, 1, 3), c(0, 2, 2, 4), c(0, 7, 0, 6)),
  m08_all_events     = st(c(5, 5, 3, 3), c(2, 2, 4, 4), c(1, 1, 1, 1)),
  m09_no_events      = st(c(0, 5, 0, 3), c(0, 2, 0, 4), c(0, 9, 0, 1)),
  m10_strong_large   = random_strata(5, 500, 2000, 0.1, 2.5),
  m11_small_delta    = st(c(3, 10, 3, 10), c(2, 8, 2, 7)),
  m12_single_stratum = st(c(12, 40, 7, 35)),
  m13_rd_one         = st(c(1, 1, 0, 1), c(2, 2, 0, 1), c(1, 1, 0, 3)),
  m14_open_all       = st(c(4, 5, 3, 3), c(1, 2, 4, 4), c(6, 7, 6, 6)),
  m15_many_strata    = random_strata(60, 2, 12, 0.3, 0.8)
)
rbg_sd <- function(a, b, c, d, n) {   # mantelhaen.test's expression, x[1,1,]=a x[1,2,]=b x[2,1,]=c x[2,2,]=d
  s.diag <- sum(a * d / n); s.offd <- sum(b * c / n)
  sqrt(sum((a + d) * a * d / n^2) / (2 * s.diag^2) +
       sum(((a + d) * b * c + (b + c) * a * d) / n^2) / (2 * s.diag * s.offd) +
       sum((b + c) * b * c / n^2) / (2 * s.offd^2))
}
rows <- lapply(names(mh_cases), function(id) {
  s0 <- mh_cases[[id]]
  storage.mode(s0) <- "double"                            # integer products would overflow
  spec <- paste(apply(s0, 1, paste, collapse = ":"), collapse = ";")
  s <- s0[s0[, 2] > 0 & s0[, 4] > 0, , drop = FALSE]
  a <- s[, 1]; n1 <- s[, 2]; c <- s[, 3]; n0 <- s[, 4]; b <- n1 - a; d <- n0 - c; N <- n1 + n0
  # Relative risk, Greenland & Robins (1985).
  R <- sum(a * n0 / N); S <- sum(c * n1 / N)
  rr <- rep(NA, 6)
  if (R > 0 && S > 0) {
    est <- R / S; se <- sqrt(sum((n1 * n0 * (a + c) - a * c * N) / N^2) / (R * S))
    rr <- c(est, se, exp(log(est) + c(-1, 1, -1, 1) * c(z975, z975, 1.96, 1.96) * se))
  }
  # Risk difference, Sato (1989).
  W <- sum(n1 * n0 / N); est <- sum((a * n0 - c * n1) / N) / W
  P <- sum((n1^2 * c - n0^2 * a + n1 * n0 * (n0 - n1) / 2) / N^2)
  Q <- sum((a * (n0 - c) + c * (n1 - a)) / (2 * N))
  v <- (est * P + Q) / W^2
  stopifnot(v > -1e-15)                                   # rounding residue of an exact zero only
  se <- sqrt(max(v, 0))
  rd <- c(est, se, est + c(-1, 1, -1, 1) * c(z975, z975, 1.96, 1.96) * se)
  # Odds ratio and CMH: mantelhaen.test itself where it runs (it needs >= 2 strata), else its formulas.
  s.diag <- sum(a * d / N); s.offd <- sum(b * c / N)
  or <- rep(NA, 6)
  if (nrow(s) >= 2) {
    method <- "mantelhaen.test"
    x <- array(rbind(a, c, b, d), dim = c(2, 2, nrow(s)))
    mt <- suppressWarnings(mantelhaen.test(x, correct = FALSE))
    mtc <- suppressWarnings(mantelhaen.test(x, correct = TRUE))
    if (s.diag > 0 && s.offd > 0) {
      sdl <- rbg_sd(a, b, c, d, N)
      stopifnot(isTRUE(all.equal(unname(mt$estimate), s.diag / s.offd, tolerance = 1e-14)),
                isTRUE(all.equal(as.numeric(mt$conf.int),
                                 unname(mt$estimate) * exp(c(-1, 1) * z975 * sdl), tolerance = 1e-14)))
      or <- c(mt$estimate, sdl, mt$conf.int, mt$estimate * exp(c(-1, 1) * 1.96 * sdl))
    }
    cmh <- c(mt$statistic, mt$p.value, mtc$statistic, mtc$p.value)
  } else {
    method <- "formula"
    if (s.diag > 0 && s.offd > 0) {
      est <- s.diag / s.offd; sdl <- rbg_sd(a, b, c, d, N)
      or <- c(est, sdl, est * exp(c(-1, 1, -1, 1) * c(z975, z975, 1.96, 1.96) * sdl))
    }
    m1 <- a + c; m0 <- b + d
    delta <- sum(a - n1 * m1 / N); vv <- sum(n1 * n0 * m1 * m0 / (N^2 * (N - 1)))
    yates <- if (abs(delta) >= 0.5) 0.5 else 0
    st1 <- delta^2 / vv; st2 <- (abs(delta) - yates)^2 / vv
    cmh <- c(st1, pchisq(st1, 1, lower.tail = FALSE), st2, pchisq(st2, 1, lower.tail = FALSE))
  }
  cmh[is.nan(cmh)] <- NA
  list(case = id, strata = spec, used = nrow(s), method = method,
       rr = num(rr[1]), rrSeLog = num(rr[2]), rrCiLow = num(rr[3]), rrCiHigh = num(rr[4]),
       rrCiLow196 = num(rr[5]), rrCiHigh196 = num(rr[6]),
       rd = num(rd[1]), rdSe = num(rd[2]), rdCiLow = num(rd[3]), rdCiHigh = num(rd[4]),
       rdCiLow196 = num(rd[5]), rdCiHigh196 = num(rd[6]),
       or = num(or[1]), orSeLog = num(or[2]), orCiLow = num(or[3]), orCiHigh = num(or[4]),
       orCiLow196 = num(or[5]), orCiHigh196 = num(or[6]),
       cmhStatistic = num(cmh[1]), pValue = num(cmh[2]), cmhStatisticCorrected = num(cmh[3]),
       pValueCorrected = num(cmh[4]))
})
write_fixture("mantel-haenszel.csv", paste("Mantel-Haenszel over strata eventsMicro:nMicro:eventsOpen:nOpen;",
                                           "OR/CMH from mantelhaen.test(correct = FALSE / TRUE) where method says so"), rows)

## ---------------------------------------------------------------------------------------------------------
## Inverse-variance weighted mean difference
## ---------------------------------------------------------------------------------------------------------
# A stratum is c(nMicro, meanMicro, varMicro, nOpen, meanOpen, varOpen), summarised by R from drawn data.
summ <- function(micro, open) c(length(micro), mean(micro), var(micro), length(open), mean(open), var(open))
rs <- function(k, nmax, mu1, mu0, sd1, sd0) {
  t(sapply(seq_len(k), function(i) {
    shift <- rnorm(1, 0, 5)
    summ(rnorm(sample(2:nmax, 1), mu1 + shift, sd1), rnorm(sample(2:nmax, 1), mu0 + shift, sd0))
  }))
}
iv_cases <- list(
  i01_single        = rbind(summ(c(3, 5), c(1, 4))),
  i02_moderate      = rs(8, 40, 20, 23, 6, 9),
  i03_with_invalid  = rbind(rs(4, 10, 5, 6, 2, 2), c(1, 3, NA, 5, 2, 1.5), c(4, 7, 0, 3, 7, 0),
                            c(0, NA, NA, 6, 3, 2), c(6, 2, 1, 1, 4, NA)),
  i04_huge_z        = rbind(summ(c(10, 10.01, 9.99), c(20, 20.02, 19.98)), summ(c(30, 30.1), c(40, 40.1))),
  i05_z35           = rbind(summ(rnorm(40, 0, 1), rnorm(40, 8, 1))),
  i06_zero_var_arm  = rbind(summ(c(5, 5, 5), c(3, 4, 8, 9)), summ(c(2, 6, 7), c(1, 1))),
  i07_many          = rs(40, 12, 50, 47, 10, 15)
)
ok_strata <- function(s, pooled) {
  n1 <- s[, 1]; n0 <- s[, 4]
  v <- if (pooled) ((n1 - 1) * s[, 3] + (n0 - 1) * s[, 6]) / (n1 + n0 - 2) * (1 / n1 + 1 / n0)
       else s[, 3] / n1 + s[, 6] / n0
  ok <- n1 >= 2 & n0 >= 2 & is.finite(s[, 2]) & is.finite(s[, 5]) & !is.na(s[, 3]) & !is.na(s[, 6]) &
        s[, 3] >= 0 & s[, 6] >= 0
  ok <- ok & !is.na(v) & v > 0
  list(ok = ok, v = v)
}
rows <- list()
for (id in names(iv_cases)) {
  s <- iv_cases[[id]]
  spec <- paste(apply(s, 1, function(r) paste(num(r), collapse = ":")), collapse = ";")
  for (pooled in c(FALSE, TRUE)) {
    k <- ok_strata(s, pooled)
    d <- (s[, 2] - s[, 5])[k$ok]; w <- 1 / k$v[k$ok]
    est <- sum(w * d) / sum(w); se <- 1 / sqrt(sum(w)); z <- est / se
    rows[[length(rows) + 1]] <- list(
      case = id, variance = if (pooled) "pooled" else "separate", strata = spec, used = sum(k$ok),
      estimate = num(est), se = num(se), ciLow = num(est - z975 * se), ciHigh = num(est + z975 * se),
      ciLow196 = num(est - 1.96 * se), ciHigh196 = num(est + 1.96 * se), zStatistic = num(z),
      pValue = num(2 * pnorm(-abs(z))))
  }
}
write_fixture("inverse-variance.csv", paste("Inverse-variance mean difference over strata",
                                            "nMicro:meanMicro:varMicro:nOpen:meanOpen:varOpen; normal CI, 2*pnorm(-|z|)"), rows)

## ---------------------------------------------------------------------------------------------------------
## Distributions: the quantiles and tails the module takes from Commons Math
## ---------------------------------------------------------------------------------------------------------
rows <- list(list(kind = "qnorm", x = num(0.975), df = "NA", value = num(z975)))
for (df in c(1, 1.5, 2, 3.7, 10, 29.3, 100, 332.88328219402825, 1000, 10000))
  rows[[length(rows) + 1]] <- list(kind = "qt975", x = num(0.975), df = num(df), value = num(qt(0.975, df)))
for (p in list(c(2.1, 3), c(16.144366438386502, 332.88328219402825), c(26.75, 333.1), c(0.3, 12.5),
               c(40, 5000), c(200, 100), c(1e-3, 7)))
  rows[[length(rows) + 1]] <- list(kind = "pt2", x = num(p[1]), df = num(p[2]), value = num(2 * pt(-abs(p[1]), p[2])))
for (z in c(0, 0.5, 1.96, 5, 10, 20, 34.77808844267307, 37.5, 37.6, 45))
  rows[[length(rows) + 1]] <- list(kind = "pnorm2", x = num(z), df = "NA", value = num(2 * pnorm(-abs(z))))
for (x in c(0, 1e-30, 0.42, 3.84, 30, 100, 700, 1400))
  rows[[length(rows) + 1]] <- list(kind = "pchisq1", x = num(x), df = num(1), value = num(pchisq(x, 1, lower.tail = FALSE)))
write_fixture("distributions.csv", "qnorm(0.975), qt(0.975, df), 2*pt(-|t|, df), 2*pnorm(-|z|), pchisq(x, 1, lower.tail = FALSE)", rows)
