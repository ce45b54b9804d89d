#ifndef DFP_CONV_LIB_CONVCHECKS_H
#define DFP_CONV_LIB_CONVCHECKS_H

#include "dfp/conv/Conv.h"

namespace dfp::conv {

/// The reference's rule: activation exponents may not vary along H or W.
Status checkActivationFormat(const std::string &op, const char *name,
                             const DfpFormat &format);

/// `tensor` is consistent, has `shape` and the planned exponent grouping.
Status checkOperand(const std::string &op, const char *name,
                    const QuantizedTensor &tensor,
                    const std::vector<int64_t> &shape,
                    const DfpFormat &plannedFormat);

/// maxAbsValue(tensor), in a loop that vectorises.
int32_t maxMagnitude(const QuantizedTensor &tensor);

/// No INT32 chain can overflow (chain * max|a| * max|b| <= 2^31 - 1) and the
/// FP32 scales 2^(ea + eb) are finite (max ea + max eb <= 127).
Status checkChainFits(const std::string &op, int64_t chain, int32_t maxAbsA,
                      const std::vector<int32_t> &exponentsA, int32_t maxAbsB,
                      const std::vector<int32_t> &exponentsB);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_CONVCHECKS_H
