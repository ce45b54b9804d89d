#ifndef DFP_RUNTIME_IMAGEDATASET_H
#define DFP_RUNTIME_IMAGEDATASET_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfp::runtime {

/// Labelled 8-bit images, stored as loaded (NCHW with one channel); batches
/// convert them to normalised floats. Or, when `values` is not empty, float
/// images taken as they are (already normalised; `pixels` unused).
struct ImageDataset {
  int64_t count = 0;
  int64_t channels = 1;
  int64_t height = 0;
  int64_t width = 0;
  int numClasses = 0;
  std::vector<uint8_t> pixels; // count * channels * height * width
  std::vector<uint8_t> labels; // count, each below numClasses
  std::vector<float> values;   // empty, or count * channels * height * width

  int64_t imageSize() const { return channels * height * width; }
  const uint8_t *image(int64_t i) const {
    return pixels.data() + i * imageSize();
  }
};

/// Loads an images IDX file (rank 3: count, rows, cols) and its labels IDX
/// file (rank 1: count). The counts must match and every label must be below
/// `numClasses`.
Status loadIdxImageDataset(const std::string &imagesPath,
                           const std::string &labelsPath, int numClasses,
                           ImageDataset &out);

} // namespace dfp::runtime

#endif // DFP_RUNTIME_IMAGEDATASET_H
