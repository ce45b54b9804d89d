#ifndef DFP_TEST_CHECKPOINT_CHECKPOINTSAMPLES_H
#define DFP_TEST_CHECKPOINT_CHECKPOINTSAMPLES_H

#include "dfp/runtime/Checkpoint.h"

#include <cstdint>
#include <vector>

namespace dfp::testing {

/// A checkpoint exercising every field: odd shapes, a scalar, an empty
/// tensor, special floats (NaN payloads, -0, denormals, infinities) and
/// values derived from `step` so that its origin can be checked.
runtime::Checkpoint sampleCheckpoint(uint64_t step, int64_t bigElements = 0);

/// True if `checkpoint` is exactly sampleCheckpoint(step, bigElements),
/// comparing floats bit for bit.
bool isSampleCheckpoint(const runtime::Checkpoint &checkpoint, uint64_t step,
                        int64_t bigElements = 0);

bool sameBits(const std::vector<float> &a, const std::vector<float> &b);

} // namespace dfp::testing

#endif // DFP_TEST_CHECKPOINT_CHECKPOINTSAMPLES_H
