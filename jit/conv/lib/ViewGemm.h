#ifndef DFP_CONV_LIB_VIEWGEMM_H
#define DFP_CONV_LIB_VIEWGEMM_H

#include "dfp/conv/Conv.h"

namespace dfp::conv {

/// Forward or backward-data of an in-place plan (ConvPlan::inPlace) into
/// `out` (NCHW), the checks done.
Status runViewGemm(const ConvPlan &plan, const QuantizedTensor &activation,
                   const PackedConvWeights &w, float *out);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_VIEWGEMM_H
