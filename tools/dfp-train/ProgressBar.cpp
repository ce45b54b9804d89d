#include "ProgressBar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dfp::train {

std::string formatDuration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds))
    return "?";
  long long total = (long long)std::llround(seconds);
  long long hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  char text[48];
  if (hours > 0)
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", hours, minutes,
                  secs);
  else
    std::snprintf(text, sizeof text, "%lld:%02lld", minutes, secs);
  return text;
}

std::string formatProgressLine(const Progress &progress, int width) {
  double fraction =
      progress.stepsPerEpoch > 0
          ? std::clamp(double(progress.stepInEpoch) / progress.stepsPerEpoch,
                       0.0, 1.0)
          : 0.0;
  int filled = int(fraction * width);
  std::string bar = std::string(filled, '#') + std::string(width - filled, ' ');
  char text[256];
  std::snprintf(
      text, sizeof text,
      "epoch %lld/%lld [%s] %3d%%  %lld/%lld  loss %.4f  %.0f img/s  "
      "ETA %s",
      (long long)progress.epoch, (long long)progress.epochs, bar.c_str(),
      int(fraction * 100), (long long)progress.stepInEpoch,
      (long long)progress.stepsPerEpoch, progress.loss,
      progress.imagesPerSecond, formatDuration(progress.etaSeconds).c_str());
  return text;
}

void ProgressBar::update(const Progress &progress, double nowSeconds) {
  bool last = progress.stepInEpoch >= progress.stepsPerEpoch;
  if (terminal_) {
    if (!last && nowSeconds - lastDraw_ < 0.1)
      return;
    lastDraw_ = nowSeconds;
    out_ << "\r" << formatProgressLine(progress) << "\033[K" << std::flush;
    drawn_ = true;
    return;
  }
  int64_t tenths = progress.stepsPerEpoch > 0
                       ? progress.stepInEpoch * 10 / progress.stepsPerEpoch
                       : 10;
  if (progress.epoch != printedEpoch_) {
    printedEpoch_ = progress.epoch;
    printedTenths_ = 0;
  }
  if (tenths <= printedTenths_)
    return;
  printedTenths_ = tenths;
  out_ << formatProgressLine(progress) << "\n" << std::flush;
}

void ProgressBar::clear() {
  if (terminal_ && drawn_)
    out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

} // namespace dfp::train
