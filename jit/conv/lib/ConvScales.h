#ifndef DFP_CONV_LIB_CONVSCALES_H
#define DFP_CONV_LIB_CONVSCALES_H

#include "dfp/conv/Conv.h"

#include <vector>

namespace dfp::conv {

size_t rowScalesSize(const ConvPlan &plan);

/// The GemmScaleMode::Row tables of one image and conv group:
/// table[chain * paddedRows + row] = 2^(ea + eb) for the plan's chain and
/// output row, 0 past the rows. `first` and `second` are the operands in
/// plan order (only shape, format and exponents are read).
void buildRowScales(const ConvPlan &plan, const QuantizedTensor &first,
                    const QuantizedTensor &second, int64_t image, int64_t group,
                    float *table);

/// buildRowScales of every image and group of a run. The tables are built
/// once per group (and shared by the images) when no operand's exponents
/// vary with the image: per-tensor and per-channel groupings, the usual case.
class RowScaleTables {
public:
  RowScaleTables(const ConvPlan &plan, const QuantizedTensor &first,
                 const QuantizedTensor &second);
  const float *at(int64_t image, int64_t group) const {
    return tables_.data() + offset(image, group);
  }

private:
  size_t offset(int64_t image, int64_t group) const {
    return size_ * size_t(perImage_ ? image * groups_ + group : group);
  }

  std::vector<float> tables_;
  size_t size_ = 0;
  int64_t groups_ = 1;
  bool perImage_ = false;
};

} // namespace dfp::conv

#endif // DFP_CONV_LIB_CONVSCALES_H
