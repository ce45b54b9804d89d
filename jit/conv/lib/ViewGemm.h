#ifndef DFP_CONV_LIB_VIEWGEMM_H
#define DFP_CONV_LIB_VIEWGEMM_H

#include "dfp/conv/Conv.h"

namespace dfp::conv {

/// Forward or backward-data of an in-place plan (ConvPlan::inPlace) into
/// `out` (NCHW), the checks done. The views come from `views` (every image
/// and group, ConvActivation::views) or, when null, are built per image from
/// the activation's values.
Status runViewGemm(const ConvPlan &plan, const QuantizedTensor &activation,
                   const PackedConvWeights &w, float *out,
                   const int16_t *views = nullptr);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_VIEWGEMM_H
