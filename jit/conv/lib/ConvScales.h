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

/// buildRowScales of every image and group, in (image, group) order.
std::vector<float> allRowScales(const ConvPlan &plan,
                                const QuantizedTensor &first,
                                const QuantizedTensor &second);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_CONVSCALES_H
