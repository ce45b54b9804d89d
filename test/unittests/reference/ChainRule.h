#ifndef DFP_TEST_UNITTESTS_REFERENCE_CHAINRULE_H
#define DFP_TEST_UNITTESTS_REFERENCE_CHAINRULE_H

#include <cstdint>
#include <vector>

namespace dfp::test {

/// One product of a reduction, in reduction order. `window` identifies the
/// stretch (filter tap, image, position window) a chain may not leave.
struct Term {
  int32_t a, b;
  int64_t groupA, groupB;
  int32_t exponent; // ea + eb
  int64_t window;
};

/// DESIGN §2 written independently of the reference: the reduction is split
/// into segments of equal (window, groupA, groupB), each segment into pieces
/// of `chain` terms from its start; each piece's exact sum is converted to
/// FP32 and added, scaled by 2^exponent, to an FP32 accumulator in order.
float chainedSum(const std::vector<Term> &terms, int64_t chain);

/// The exact value of the sum in FP64 when every product is exact.
double exactSum(const std::vector<Term> &terms);

} // namespace dfp::test

#endif // DFP_TEST_UNITTESTS_REFERENCE_CHAINRULE_H
