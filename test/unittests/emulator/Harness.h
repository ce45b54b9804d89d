#ifndef DFP_TEST_EMULATOR_HARNESS_H
#define DFP_TEST_EMULATOR_HARNESS_H

#include "dfp/emulator/Emulator.h"

#include <xbyak/xbyak.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dfp::emu::test {

/// What native execution of a generated function needs from the host.
enum class Isa { Base, Avx2, AvxVnni, Avx512F, Avx512BW, Avx512Dq, Avx512Vnni };

bool hostSupports(Isa isa);
const char *isaName(Isa isa);

using Emit = std::function<void(Xbyak::CodeGenerator &)>;

/// A function `emit` generates (the harness appends `ret`), in pages that are
/// writable while generated and read+execute afterwards, never both.
class GeneratedFunction {
public:
  explicit GeneratedFunction(const Emit &emit, bool appendRet = true);
  CodeRegion region() const;
  const void *entry() const { return generator_.getCode(); }
  /// Emulates the function with up to 6 integer arguments.
  dfp::Status emulate(std::initializer_list<uint64_t> args,
                      uint64_t *result = nullptr,
                      const EmulatorOptions &options = {}) const;
  uint64_t runNative(uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0) const;

private:
  Xbyak::CodeGenerator generator_;
};

/// Runs f(in, out) emulated and, where the host has `isa`, natively, each on
/// its own copy of `input` and of an output buffer prefilled with a pattern,
/// and expects identical output bytes and rax. Returns the emulated output.
std::vector<uint8_t> runAndCompare(const Emit &emit, Isa isa,
                                   const std::vector<uint8_t> &input,
                                   size_t outputBytes,
                                   uint64_t *result = nullptr);

constexpr uint8_t kOutputPattern = 0xa5;

/// The kinds of test data: random bits with edge values of the type mixed in.
enum class Data { Int8, Int16, Int32, Int64, Float };

/// `bytes` bytes of test data. Iteration 0 holds the type's minimum everywhere,
/// 1 its maximum, 2 edge values cycling with a per-stream stride, later ones
/// random bits with edge values scattered in. `stream` decorrelates buffers.
std::vector<uint8_t> testData(Data kind, unsigned iteration, unsigned stream,
                              size_t bytes);
constexpr unsigned kDataIterations = 7;

/// "byte N: emulated XX expected YY" for the first differences, or "".
std::string describeDifference(const std::vector<uint8_t> &actual,
                               const std::vector<uint8_t> &expected,
                               size_t elementBytes = 1);

} // namespace dfp::emu::test

#endif // DFP_TEST_EMULATOR_HARNESS_H
