#ifndef DFP_RUNTIME_NORMALIZATION_H
#define DFP_RUNTIME_NORMALIZATION_H

#include <array>
#include <cstdint>

namespace dfp::runtime {

/// Pixel normalisation: a byte x becomes (x / 255 - mean) / std, in FP32.
struct Normalization {
  float mean = 0.0f;
  float std = 1.0f;
};

float normalizePixel(uint8_t pixel, Normalization normalization);

/// normalizePixel for every byte value, so batches convert by lookup.
std::array<float, 256> normalizationTable(Normalization normalization);

} // namespace dfp::runtime

#endif // DFP_RUNTIME_NORMALIZATION_H
