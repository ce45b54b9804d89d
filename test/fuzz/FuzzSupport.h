#ifndef DFP_TEST_FUZZ_FUZZSUPPORT_H
#define DFP_TEST_FUZZ_FUZZSUPPORT_H

#include "dfp/jit/Isa.h"
#include "dfp/reference/Format.h"
#include "dfp/reference/Status.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dfp::fuzz {

/// Reports a disagreement with the reference and aborts, which libFuzzer
/// records as a crash (and the replay test as a failure).
[[noreturn]] void mismatch(const std::string &what);

/// Both must fail or both succeed; the messages may differ.
void expectSameOutcome(const char *entryPoint, const Status &reference,
                       const Status &tested);

/// An ISA level the host runs natively, up to the DFP_MAX_ISA cap.
jit::Isa consumeNativeIsa(FuzzedDataProvider &input);

Rounding consumeRounding(FuzzedDataProvider &input);
StochasticSeed consumeSeed(FuzzedDataProvider &input);

/// Mostly valid storage widths and magnitudes (8 or 16 bits, 1 <= M <= B-1),
/// sometimes arbitrary ones, which every entry point must reject alike; the
/// grouping axis and block size fit `shape` unless arbitrary.
DfpFormat consumeFormat(FuzzedDataProvider &input,
                        const std::vector<int64_t> &shape);

/// Dimensions (each >= 1) of a tensor of `rank` with at most `maxElements`.
std::vector<int64_t> consumeShape(FuzzedDataProvider &input, int rank,
                                  int64_t maxElements);

int64_t elementCount(const std::vector<int64_t> &shape);

} // namespace dfp::fuzz

#endif // DFP_TEST_FUZZ_FUZZSUPPORT_H
