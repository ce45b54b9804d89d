#include "LaneEmitters.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace dfp::emu::test {
namespace {

using I = Isa;
using D = Data;

int64_t word(uint64_t dword, unsigned index) {
  return int16_t(uint16_t(dword >> (16 * index)));
}
int64_t wordPairProducts(uint64_t a, uint64_t b) {
  return word(a, 0) * word(b, 0) + word(a, 1) * word(b, 1);
}
int64_t byteQuadProducts(uint64_t a, uint64_t b) {
  int64_t sum = 0;
  for (unsigned i = 0; i < 4; ++i)
    sum += int64_t(uint8_t(a >> (8 * i))) * int8_t(uint8_t(b >> (8 * i)));
  return sum;
}
uint64_t saturateInt32(int64_t value) {
  return uint32_t(int32_t(std::clamp<int64_t>(value, INT32_MIN, INT32_MAX)));
}
uint64_t ternaryTruthTable(unsigned table, uint64_t a, uint64_t b, uint64_t c) {
  uint64_t result = 0;
  for (unsigned bit = 0; bit < 64; ++bit) {
    unsigned index = unsigned(((a >> bit) & 1) << 2 | ((b >> bit) & 1) << 1 |
                              ((c >> bit) & 1));
    result |= uint64_t((table >> index) & 1) << bit;
  }
  return result;
}

const LaneCase kIntCases[] = {
    {"vpaddd", 4, D::Int32, I::Avx512F, DFP_BINARY(vpaddd), I::Avx2,
     DFP_BINARY(vpaddd),
     [](uint64_t, uint64_t a, uint64_t b) { return a + b; }},
    {"vpaddq", 8, D::Int64, I::Avx512F, DFP_BINARY(vpaddq), I::Avx2,
     DFP_BINARY(vpaddq),
     [](uint64_t, uint64_t a, uint64_t b) { return a + b; }},
    {"vpaddw", 2, D::Int16, I::Avx512BW, DFP_BINARY(vpaddw), I::Avx2,
     DFP_BINARY(vpaddw), [](uint64_t, uint64_t a, uint64_t b) { return a + b; },
     false},
    {"vpsubd", 4, D::Int32, I::Avx512F, DFP_BINARY(vpsubd), I::Avx2,
     DFP_BINARY(vpsubd),
     [](uint64_t, uint64_t a, uint64_t b) { return a - b; }},
    {"vpsubq", 8, D::Int64, I::Avx512F, DFP_BINARY(vpsubq), I::Avx2,
     DFP_BINARY(vpsubq),
     [](uint64_t, uint64_t a, uint64_t b) { return a - b; }},
    {"vpmulld", 4, D::Int32, I::Avx512F, DFP_BINARY(vpmulld), I::Avx2,
     DFP_BINARY(vpmulld),
     [](uint64_t, uint64_t a, uint64_t b) { return a * b; }},
    {"vpmuludq", 8, D::Int32, I::Avx512F, DFP_BINARY(vpmuludq), I::Avx2,
     DFP_BINARY(vpmuludq),
     [](uint64_t, uint64_t a, uint64_t b) {
       return (a & 0xffffffff) * (b & 0xffffffff);
     }},
    {"vpmaddwd", 4, D::Int16, I::Avx512BW, DFP_BINARY(vpmaddwd), I::Avx2,
     DFP_BINARY(vpmaddwd),
     [](uint64_t, uint64_t a, uint64_t b) {
       return uint64_t(wordPairProducts(a, b));
     },
     false},
    {"vpdpwssd", 4, D::Int16, I::Avx512Vnni, DFP_BINARY(vpdpwssd), I::AvxVnni,
     DFP_BINARY_VEX(vpdpwssd),
     [](uint64_t c, uint64_t a, uint64_t b) {
       return uint64_t(asSigned<uint32_t>(c) + wordPairProducts(a, b));
     }},
    {"vpdpwssds", 4, D::Int16, I::Avx512Vnni, DFP_BINARY(vpdpwssds), I::AvxVnni,
     DFP_BINARY_VEX(vpdpwssds),
     [](uint64_t c, uint64_t a, uint64_t b) {
       return saturateInt32(asSigned<uint32_t>(c) + wordPairProducts(a, b));
     }},
    {"vpdpbusd", 4, D::Int8, I::Avx512Vnni, DFP_BINARY(vpdpbusd), I::AvxVnni,
     DFP_BINARY_VEX(vpdpbusd),
     [](uint64_t c, uint64_t a, uint64_t b) {
       return uint64_t(asSigned<uint32_t>(c) + byteQuadProducts(a, b));
     }},
    {"vpmaxsd", 4, D::Int32, I::Avx512F, DFP_BINARY(vpmaxsd), I::Avx2,
     DFP_BINARY(vpmaxsd),
     [](uint64_t, uint64_t a, uint64_t b) {
       return asSigned<uint32_t>(a) > asSigned<uint32_t>(b) ? a : b;
     }},
    {"vpminsd", 4, D::Int32, I::Avx512F, DFP_BINARY(vpminsd), I::Avx2,
     DFP_BINARY(vpminsd),
     [](uint64_t, uint64_t a, uint64_t b) {
       return asSigned<uint32_t>(a) < asSigned<uint32_t>(b) ? a : b;
     }},
    {"vpmaxsw", 2, D::Int16, I::Avx512BW, DFP_BINARY(vpmaxsw), I::Avx2,
     DFP_BINARY(vpmaxsw),
     [](uint64_t, uint64_t a, uint64_t b) {
       return asSigned<uint16_t>(a) > asSigned<uint16_t>(b) ? a : b;
     },
     false},
    {"vpminsw", 2, D::Int16, I::Avx512BW, DFP_BINARY(vpminsw), I::Avx2,
     DFP_BINARY(vpminsw),
     [](uint64_t, uint64_t a, uint64_t b) {
       return asSigned<uint16_t>(a) < asSigned<uint16_t>(b) ? a : b;
     },
     false},
    {"vpabsd", 4, D::Int32, I::Avx512F, DFP_UNARY(vpabsd), I::Avx2,
     DFP_UNARY(vpabsd),
     [](uint64_t, uint64_t, uint64_t b) {
       return uint64_t(asSigned<uint32_t>(b) < 0 ? -asSigned<uint32_t>(b) : b);
     }},
    {"vpabsw", 2, D::Int16, I::Avx512BW, DFP_UNARY(vpabsw), I::Avx2,
     DFP_UNARY(vpabsw),
     [](uint64_t, uint64_t, uint64_t b) {
       return uint64_t(asSigned<uint16_t>(b) < 0 ? -asSigned<uint16_t>(b) : b);
     },
     false},
    {"vpandd", 4, D::Int32, I::Avx512F, DFP_BINARY(vpandd), I::Avx2,
     DFP_BINARY(vpand), [](uint64_t, uint64_t a, uint64_t b) { return a & b; }},
    {"vpandnq", 8, D::Int64, I::Avx512F, DFP_BINARY(vpandnq), I::Avx2,
     DFP_BINARY(vpandn),
     [](uint64_t, uint64_t a, uint64_t b) { return ~a & b; }},
    {"vpord", 4, D::Int32, I::Avx512F, DFP_BINARY(vpord), I::Avx2,
     DFP_BINARY(vpor), [](uint64_t, uint64_t a, uint64_t b) { return a | b; }},
    {"vpxorq", 8, D::Int64, I::Avx512F, DFP_BINARY(vpxorq), I::Avx2,
     DFP_BINARY(vpxor), [](uint64_t, uint64_t a, uint64_t b) { return a ^ b; }},
    {"vpsrld_imm", 4, D::Int32, I::Avx512F, DFP_UNARY_IMM(vpsrld, 7), I::Avx2,
     DFP_UNARY_IMM(vpsrld, 7),
     [](uint64_t, uint64_t, uint64_t b) { return (b & 0xffffffff) >> 7; }},
    {"vpslld_imm", 4, D::Int32, I::Avx512F, DFP_UNARY_IMM(vpslld, 31), I::Avx2,
     DFP_UNARY_IMM(vpslld, 31),
     [](uint64_t, uint64_t, uint64_t b) { return b << 31; }},
    {"vpsrad_imm", 4, D::Int32, I::Avx512F, DFP_UNARY_IMM(vpsrad, 40), I::Avx2,
     DFP_UNARY_IMM(vpsrad, 40),
     [](uint64_t, uint64_t, uint64_t b) {
       return uint64_t(asSigned<uint32_t>(b) >> 31);
     }},
    {"vpsraq_imm", 8, D::Int64, I::Avx512F, DFP_UNARY_IMM(vpsraq, 3), I::Base,
     nullptr,
     [](uint64_t, uint64_t, uint64_t b) { return uint64_t(int64_t(b) >> 3); }},
    {"vpsllq_imm", 8, D::Int64, I::Avx512F, DFP_UNARY_IMM(vpsllq, 12), I::Avx2,
     DFP_UNARY_IMM(vpsllq, 12),
     [](uint64_t, uint64_t, uint64_t b) { return b << 12; }},
    {"vpsrlvd", 4, D::Int32, I::Avx512F, DFP_BINARY(vpsrlvd), I::Avx2,
     DFP_BINARY(vpsrlvd),
     [](uint64_t, uint64_t a, uint64_t b) {
       return (b & 0xffffffff) < 32 ? (a & 0xffffffff) >> b : 0;
     }},
    {"vpsllvd", 4, D::Int32, I::Avx512F, DFP_BINARY(vpsllvd), I::Avx2,
     DFP_BINARY(vpsllvd),
     [](uint64_t, uint64_t a, uint64_t b) {
       return (b & 0xffffffff) < 32 ? a << b : 0;
     }},
    {"vpternlogd_96", 4, D::Int32, I::Avx512F, DFP_BINARY_IMM(vpternlogd, 0x96),
     I::Base, nullptr,
     [](uint64_t c, uint64_t a, uint64_t b) {
       return ternaryTruthTable(0x96, c, a, b);
     }},
    {"vpternlogq_e2", 8, D::Int64, I::Avx512F, DFP_BINARY_IMM(vpternlogq, 0xe2),
     I::Base, nullptr,
     [](uint64_t c, uint64_t a, uint64_t b) {
       return ternaryTruthTable(0xe2, c, a, b);
     }},
};

class VectorIntTest : public ::testing::TestWithParam<LaneCase> {};

TEST_P(VectorIntTest, MatchesNativeAndReference) { checkLaneCase(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Emulator, VectorIntTest,
                         ::testing::ValuesIn(kIntCases), [](const auto &info) {
                           return std::string(info.param.name);
                         });

} // namespace
} // namespace dfp::emu::test
