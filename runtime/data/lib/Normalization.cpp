#include "dfp/runtime/Normalization.h"

namespace dfp::runtime {

float normalizePixel(uint8_t pixel, Normalization normalization) {
  return (float(pixel) / 255.0f - normalization.mean) / normalization.std;
}

std::array<float, 256> normalizationTable(Normalization normalization) {
  std::array<float, 256> table;
  for (int value = 0; value < 256; ++value)
    table[value] = normalizePixel(uint8_t(value), normalization);
  return table;
}

} // namespace dfp::runtime
