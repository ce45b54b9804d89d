#include "Harness.h"

#include <gtest/gtest.h>
#include <xbyak/xbyak_util.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

namespace dfp::emu::test {

namespace {

/// DFP_MAX_ISA (avx512_vnni|avx512bw|avx2|scalar) caps what counts as native,
/// so the suite can be run as an AVX2-only or scalar host would run it.
bool allowedByCap(Isa isa) {
  const char *cap = std::getenv("DFP_MAX_ISA");
  if (!cap)
    return true;
  std::string value = cap;
  if (value == "scalar")
    return isa == Isa::Base;
  if (value == "avx2")
    return isa == Isa::Base || isa == Isa::Avx2;
  if (value == "avx512bw")
    return isa != Isa::Avx512Vnni && isa != Isa::AvxVnni;
  return true;
}

bool cpuHas(Isa isa) {
  static const Xbyak::util::Cpu cpu;
  using C = Xbyak::util::Cpu;
  bool avx512 = cpu.has(C::tAVX512F) && cpu.has(C::tAVX512VL);
  switch (isa) {
  case Isa::Base:
    return true;
  case Isa::Avx2:
    return cpu.has(C::tAVX2) && cpu.has(C::tFMA);
  case Isa::AvxVnni:
    return cpu.has(C::tAVX_VNNI);
  case Isa::Avx512F:
    return avx512;
  case Isa::Avx512BW:
    return avx512 && cpu.has(C::tAVX512BW);
  case Isa::Avx512Dq:
    return avx512 && cpu.has(C::tAVX512DQ);
  case Isa::Avx512Vnni:
    return avx512 && cpu.has(C::tAVX512BW) && cpu.has(C::tAVX512_VNNI);
  }
  return false;
}

} // namespace

bool hostSupports(Isa isa) { return allowedByCap(isa) && cpuHas(isa); }

const char *isaName(Isa isa) {
  switch (isa) {
  case Isa::Base:
    return "x86-64";
  case Isa::Avx2:
    return "AVX2";
  case Isa::AvxVnni:
    return "AVX-VNNI";
  case Isa::Avx512F:
    return "AVX512F";
  case Isa::Avx512BW:
    return "AVX512BW";
  case Isa::Avx512Dq:
    return "AVX512DQ";
  case Isa::Avx512Vnni:
    return "AVX512-VNNI";
  }
  return "?";
}

GeneratedFunction::GeneratedFunction(const Emit &emit, bool appendRet)
    : generator_(1 << 20, Xbyak::DontSetProtectRWE) {
  emit(generator_);
  if (appendRet)
    generator_.ret();
  generator_.ready();
  generator_.setProtectModeRE();
}

CodeRegion GeneratedFunction::region() const {
  return {generator_.getCode(), generator_.getSize()};
}

dfp::Status GeneratedFunction::emulate(std::initializer_list<uint64_t> args,
                                       uint64_t *result,
                                       const EmulatorOptions &options) const {
  return call(region(), entry(), args, result, nullptr, options);
}

uint64_t GeneratedFunction::runNative(uint64_t a0, uint64_t a1,
                                      uint64_t a2) const {
  auto fn = reinterpret_cast<uint64_t (*)(uint64_t, uint64_t, uint64_t)>(
      const_cast<void *>(entry()));
  return fn(a0, a1, a2);
}

std::string describeDifference(const std::vector<uint8_t> &actual,
                               const std::vector<uint8_t> &expected,
                               size_t elementBytes) {
  std::string text;
  unsigned shown = 0;
  for (size_t i = 0; i + elementBytes <= actual.size() && shown < 8;
       i += elementBytes) {
    if (std::memcmp(&actual[i], &expected[i], elementBytes) == 0)
      continue;
    uint64_t a = 0, b = 0;
    std::memcpy(&a, &actual[i], elementBytes);
    std::memcpy(&b, &expected[i], elementBytes);
    char line[96];
    std::snprintf(line, sizeof line, "byte %zu: got 0x%llx, expected 0x%llx\n",
                  i, (unsigned long long)a, (unsigned long long)b);
    text += line;
    ++shown;
  }
  return text;
}

std::vector<uint8_t> runAndCompare(const Emit &emit, Isa isa,
                                   const std::vector<uint8_t> &input,
                                   size_t outputBytes, uint64_t *result) {
  GeneratedFunction function(emit);
  std::vector<uint8_t> emulatedIn = input;
  std::vector<uint8_t> emulatedOut(outputBytes, kOutputPattern);
  uint64_t emulatedRax = 0;
  dfp::Status status =
      function.emulate({reinterpret_cast<uint64_t>(emulatedIn.data()),
                        reinterpret_cast<uint64_t>(emulatedOut.data())},
                       &emulatedRax);
  EXPECT_TRUE(status.ok()) << status.message();
  if (result)
    *result = emulatedRax;
  if (!hostSupports(isa))
    return emulatedOut;
  std::vector<uint8_t> nativeIn = input;
  std::vector<uint8_t> nativeOut(outputBytes, kOutputPattern);
  uint64_t nativeRax =
      function.runNative(reinterpret_cast<uint64_t>(nativeIn.data()),
                         reinterpret_cast<uint64_t>(nativeOut.data()));
  EXPECT_EQ(emulatedOut, nativeOut)
      << "emulated vs native (" << isaName(isa) << "):\n"
      << describeDifference(emulatedOut, nativeOut, 4);
  EXPECT_EQ(emulatedIn, nativeIn) << "input buffer written differently";
  if (result)
    EXPECT_EQ(emulatedRax, nativeRax);
  return emulatedOut;
}

namespace {

template <typename T> std::vector<T> integerEdges() {
  using L = std::numeric_limits<T>;
  return {L::min(),
          L::max(),
          T(0),
          T(-1),
          T(1),
          T(L::min() + 1),
          T(L::max() - 1),
          T(L::max() / 2 + 1),
          T(2),
          T(-2)};
}

std::vector<uint32_t> floatEdges() {
  std::vector<float> values = {0.0f,
                               -0.0f,
                               0.5f,
                               -0.5f,
                               1.5f,
                               -1.5f,
                               2.5f,
                               -2.5f,
                               3.5f,
                               1.0f,
                               -1.0f,
                               std::numeric_limits<float>::infinity(),
                               -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::denorm_min(),
                               -std::numeric_limits<float>::denorm_min(),
                               std::numeric_limits<float>::min(),
                               std::numeric_limits<float>::max(),
                               -std::numeric_limits<float>::max(),
                               2147483648.0f,
                               -2147483648.0f,
                               2147483520.0f,
                               8388608.5f,
                               16777217.0f,
                               1e-40f,
                               0.49999997f,
                               65536.5f};
  std::vector<uint32_t> bits;
  for (float value : values) {
    uint32_t b;
    std::memcpy(&b, &value, 4);
    bits.push_back(b);
  }
  // Quiet and signalling NaNs with payloads and both signs.
  for (uint32_t nan :
       {0x7fc00000u, 0xffc00000u, 0x7fa00001u, 0xff800123u, 0x7fc12345u})
    bits.push_back(nan);
  return bits;
}

template <typename T>
void fill(std::vector<uint8_t> &bytes, const std::vector<T> &edges,
          unsigned iteration, unsigned stream, std::mt19937_64 &rng) {
  size_t count = bytes.size() / sizeof(T);
  for (size_t i = 0; i < count; ++i) {
    T value;
    switch (iteration) {
    case 0:
      value = edges[0];
      break;
    case 1:
      value = edges[1];
      break;
    case 2:
      value = edges[(i * (2 * stream + 1) + stream) % edges.size()];
      break;
    default:
      value = rng() % 4 == 0 ? edges[rng() % edges.size()] : T(rng());
    }
    std::memcpy(&bytes[i * sizeof(T)], &value, sizeof(T));
  }
}

} // namespace

std::vector<uint8_t> testData(Data kind, unsigned iteration, unsigned stream,
                              size_t bytes) {
  std::mt19937_64 rng(iteration * 1000003u + stream * 7919u + 17);
  std::vector<uint8_t> data(bytes);
  switch (kind) {
  case Data::Int8:
    fill(data, integerEdges<int8_t>(), iteration, stream, rng);
    break;
  case Data::Int16:
    fill(data, integerEdges<int16_t>(), iteration, stream, rng);
    break;
  case Data::Int32:
    fill(data, integerEdges<int32_t>(), iteration, stream, rng);
    break;
  case Data::Int64:
    fill(data, integerEdges<int64_t>(), iteration, stream, rng);
    break;
  case Data::Float: {
    std::vector<uint32_t> edges = floatEdges();
    fill(data, edges, iteration, stream, rng);
    // Random bits are mostly huge or tiny; use ordinary magnitudes half the
    // time.
    if (iteration >= 3)
      for (size_t i = 0; i + 4 <= bytes; i += 8) {
        float value = float(int(rng() % 2001) - 1000) / 8.0f +
                      float(rng() % 1000) / 1024.0f;
        std::memcpy(&data[i], &value, 4);
      }
    break;
  }
  }
  return data;
}

} // namespace dfp::emu::test
