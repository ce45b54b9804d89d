#ifndef DFP_TRAIN_SCHEDULE_H
#define DFP_TRAIN_SCHEDULE_H

#include <cstdint>

namespace dfp::train {

/// Cosine decay per step, from `peak` at step 0 towards 0 at `totalSteps`:
/// peak * (1 + cos(pi * step / totalSteps)) / 2. Computed in double and
/// rounded to float once, so every run of the same settings feeds the same
/// rates, resumed or not.
float cosineLearningRate(double peak, int64_t step, int64_t totalSteps);

} // namespace dfp::train

#endif // DFP_TRAIN_SCHEDULE_H
