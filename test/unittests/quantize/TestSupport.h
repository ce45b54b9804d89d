#ifndef DFP_TEST_QUANTIZE_TESTSUPPORT_H
#define DFP_TEST_QUANTIZE_TESTSUPPORT_H

#include "dfp/quantize/Quantize.h"

#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace dfp::quant::test {

/// Where the kernels under test run: an ISA level, natively or emulated.
struct Target {
  jit::Isa isa = jit::Isa::Scalar;
  jit::ExecutionMode mode = jit::ExecutionMode::Native;

  QuantizeOptions options() const;
  /// e.g. "Avx512VnniEmulated", "Avx2Native", "Scalar".
  std::string name() const;
  /// False for a native target the host cannot run.
  bool available() const;
};

void PrintTo(const Target &target, std::ostream *os);

/// Scalar, every vector level natively, every vector level emulated.
std::vector<Target> allTargets();

const std::vector<Rounding> &allRoundings();
std::string roundingName(Rounding rounding);

/// Quantizes `x` with dfp::quantize and dfp::quant::quantize and expects the
/// same status message, or the same exponents and values.
void expectMatchesReference(const std::vector<float> &x,
                            const std::vector<int64_t> &shape,
                            const DfpFormat &format, Rounding rounding,
                            const StochasticSeed &seed,
                            const QuantizeOptions &options);

/// The same for quantizeWithExponents.
void expectMatchesReferenceWithExponents(const std::vector<float> &x,
                                         const std::vector<int64_t> &shape,
                                         const DfpFormat &format,
                                         const std::vector<int32_t> &exponents,
                                         Rounding rounding,
                                         const StochasticSeed &seed,
                                         const QuantizeOptions &options);

/// `n` values of mixed sign spread over `decades` binades below `scale`,
/// with a sprinkling of exact zeros, small integers and halves.
std::vector<float> mixedValues(int64_t n, float scale, int decades,
                               std::mt19937 &rng);

DfpFormat format16(int magBits, ExponentGrouping grouping = {});

} // namespace dfp::quant::test

namespace dfp {
inline void PrintTo(Rounding rounding, std::ostream *os) {
  *os << toString(rounding);
}
} // namespace dfp

#endif // DFP_TEST_QUANTIZE_TESTSUPPORT_H
