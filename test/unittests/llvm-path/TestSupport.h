#ifndef DFP_TEST_UNITTESTS_LLVMPATH_TESTSUPPORT_H
#define DFP_TEST_UNITTESTS_LLVMPATH_TESTSUPPORT_H

#include "dfp/reference/Format.h"
#include "dfp/runtime/JitModule.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace dfp::testing {

/// Compiles `source` with `pipeline`; fails the test on an error.
std::unique_ptr<JitModule>
compileOrFail(const std::string &source,
              const std::string &pipeline = "dfp-lower-to-llvm");

/// "3x17" for {3, 17}.
std::string shapeText(const std::vector<int64_t> &shape);
/// "!dfp.tensor<3x17xi16, mag = 13, exp = tensor>".
std::string dfpTypeText(const std::vector<int64_t> &shape, int storageBits,
                        int magBits);
/// "nearest_even", ... as the dialect spells it.
std::string roundingText(Rounding rounding);

/// Values with magnitudes spread over many binades, plus the edge values a
/// quantizer must get right (zeros of both signs, ties, subnormals, the
/// largest finite floats) when `withEdgeValues`.
std::vector<float> sampleData(int64_t count, uint32_t seed,
                              bool withEdgeValues);

/// Bit patterns of two float vectors are equal (NaNs included).
::testing::AssertionResult sameBits(const std::vector<float> &expected,
                                    const std::vector<float> &actual);

} // namespace dfp::testing

#endif // DFP_TEST_UNITTESTS_LLVMPATH_TESTSUPPORT_H
