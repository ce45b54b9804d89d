#ifndef DFP_TRAIN_PROGRESSBAR_H
#define DFP_TRAIN_PROGRESSBAR_H

#include <cstdint>
#include <ostream>
#include <string>

namespace dfp::train {

/// What the progress bar shows after a step.
struct Progress {
  int64_t epoch = 1, epochs = 1; ///< 1-based
  int64_t stepInEpoch = 0;       ///< steps of this epoch done
  int64_t stepsPerEpoch = 1;
  double loss = 0; ///< mean loss of the epoch so far
  double imagesPerSecond = 0;
  double etaSeconds = -1; ///< < 0: unknown
};

/// "epoch 1/3 [#######             ]  35%  164/468  loss 0.5123  1712 img/s
/// ETA 4:03" (the bar `width` characters wide).
std::string formatProgressLine(const Progress &progress, int width = 24);

/// "4:03", "1:02:03"; "?" when negative or not finite.
std::string formatDuration(double seconds);

/// On a terminal, redraws one line in place (at most every 0.1 s); otherwise
/// prints a line each time the epoch passes another 10% (logs stay short).
class ProgressBar {
public:
  ProgressBar(std::ostream &out, bool terminal)
      : out_(out), terminal_(terminal) {}

  /// `nowSeconds`: a monotonic clock, for the redraw rate.
  void update(const Progress &progress, double nowSeconds);
  /// Removes the bar line (terminal) so that other output starts clean.
  void clear();

private:
  std::ostream &out_;
  bool terminal_;
  bool drawn_ = false;
  double lastDraw_ = -1e300;
  int64_t printedEpoch_ = 0;
  int64_t printedTenths_ = 0;
};

} // namespace dfp::train

#endif // DFP_TRAIN_PROGRESSBAR_H
