#include "Schedule.h"

#include <cmath>

namespace dfp::train {

float cosineLearningRate(double peak, int64_t step, int64_t totalSteps) {
  if (totalSteps <= 0)
    return float(peak);
  double progress = double(step) / double(totalSteps);
  return float(peak * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

} // namespace dfp::train
