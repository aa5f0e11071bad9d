# Reference for tests/timeseries/test_forecast_accuracy.cpp (R 4.2.2, forecast 8.20):
# MASE of a seasonal naive forecast, scaled by the in-sample seasonal naive MAE.
suppressPackageStartupMessages(library(forecast))
y <- ts(c(12, 15, 9, 20, 14, 17, 10, 22, 15, 18, 12, 25, 13, 21, 11, 24), frequency = 4)
train <- window(y, end = c(3, 4)); test <- window(y, start = c(4, 1))
fc <- snaive(train, h = 4, level = c(80, 95))
print(fc$mean); print(fc$lower); print(fc$upper)
print(accuracy(fc, test), digits = 12)
