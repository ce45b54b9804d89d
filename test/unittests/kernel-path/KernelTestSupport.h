#ifndef DFP_TEST_UNITTESTS_KERNELPATH_KERNELTESTSUPPORT_H
#define DFP_TEST_UNITTESTS_KERNELPATH_KERNELTESTSUPPORT_H

#include "TestSupport.h"

#include "dfp/reference/Quantize.h"

#include <string>
#include <vector>

namespace dfp::testing {

inline const char *const kKernelPipeline = "dfp-kernel-pipeline";

/// Integers in [-(2^M - 1), 2^M - 1] with the extremes planted every few
/// elements; one exponent, or with `axis` >= 0 one per index of that
/// dimension (around `exponent`).
QuantizedTensor randomOperand(std::vector<int64_t> shape, int magBits,
                              int32_t exponent, uint32_t seed, int axis = -1);

/// The DFP16 type of `t` (shape, magnitude bits, per-tensor or per-axis
/// exponents).
std::string dfpTypeOf(const QuantizedTensor &t);

/// Calls `function` of `module` on two DFP operands; the FP32 result has
/// `resultShape`. Fails the test on an error.
std::vector<float> callOnDfpPair(JitModule &module, const std::string &function,
                                 const QuantizedTensor &a,
                                 const QuantizedTensor &b,
                                 const std::vector<int64_t> &resultShape);

/// The error message of such a call, or "" when it succeeds.
std::string callErrorOnDfpPair(JitModule &module, const std::string &function,
                               const QuantizedTensor &a,
                               const QuantizedTensor &b,
                               const std::vector<int64_t> &resultShape);

} // namespace dfp::testing

#endif // DFP_TEST_UNITTESTS_KERNELPATH_KERNELTESTSUPPORT_H
