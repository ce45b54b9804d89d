#ifndef DFP_CONV_LIB_FILTERGRADIENTVIEW_H
#define DFP_CONV_LIB_FILTERGRADIENTVIEW_H

#include "dfp/conv/Conv.h"

namespace dfp::conv {

/// Backward-filter of an in-place plan (ConvPlan::inPlace): per image, the
/// input channels' zero-padded planes are read in place as A rows (one
/// kernel call per tap), the output gradient is transposed into B panels
/// over the same view positions, and dw^T accumulates image by image.
/// Threads split groups and channel panels.
Status runFilterGradientView(const ConvPlan &plan, const QuantizedTensor &x,
                             const QuantizedTensor &dy, float *dw);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_FILTERGRADIENTVIEW_H
