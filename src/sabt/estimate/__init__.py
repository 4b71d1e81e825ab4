"""Multiple systems estimation: log-linear models and LCMCR. Pure: numpy, scipy, statsmodels."""
