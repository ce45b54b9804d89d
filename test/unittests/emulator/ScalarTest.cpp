#include "Harness.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

constexpr unsigned kAllConditions = 0xffff;
/// Conditions that do not read OF (O, NO, L, NL, LE, NLE do).
constexpr unsigned kNoOverflowConditions = 0x0ffc;
constexpr unsigned kCarryOverflowConditions = 0x000f;

struct ScalarOp {
  const char *name;
  unsigned definedConditions;
  void (*emit)(CodeGenerator &g, const Reg &a, const Reg &b);
};

Reg widthOf(const Reg64 &reg, unsigned bits) {
  switch (bits) {
  case 8:
    return reg.cvt8();
  case 16:
    return reg.cvt16();
  case 32:
    return reg.cvt32();
  default:
    return reg;
  }
}

const ScalarOp kOps[] = {
    {"add", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.add(a, b); }},
    {"adc", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.adc(a, b); }},
    {"sub", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.sub(a, b); }},
    {"sbb", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.sbb(a, b); }},
    {"cmp", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.cmp(a, b); }},
    {"and", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.and_(a, b); }},
    {"or", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.or_(a, b); }},
    {"xor", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.xor_(a, b); }},
    {"test", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) { g.test(a, b); }},
    {"inc", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.inc(a); }},
    {"dec", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.dec(a); }},
    {"neg", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.neg(a); }},
    {"not", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.not_(a); }},
    {"add_imm", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.add(a, -100); }},
    {"sub_imm", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.sub(a, 0x7f); }},
    {"cmp_imm", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.cmp(a, -1); }},
    {"shl1", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.shl(a, 1); }},
    {"shr1", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.shr(a, 1); }},
    {"sar1", kAllConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.sar(a, 1); }},
    {"shl5", kNoOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.shl(a, 5); }},
    {"shr7", kNoOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.shr(a, 7); }},
    {"sar3", kNoOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.sar(a, 3); }},
    {"shl_cl", kNoOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.shl(a, g.cl); }},
    {"shr_cl", kNoOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.shr(a, g.cl); }},
    {"sar_cl", kNoOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &) { g.sar(a, g.cl); }},
    {"imul2", kCarryOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) {
       if (a.getBit() != 8)
         g.imul(a, b);
     }},
    {"imul3", kCarryOverflowConditions,
     [](CodeGenerator &g, const Reg &a, const Reg &b) {
       if (a.getBit() != 8)
         g.imul(a, b, -77);
     }},
};

const uint64_t kValues[] = {0,
                            1,
                            ~uint64_t(0),
                            0x7f,
                            0x80,
                            0xff,
                            0x7fff,
                            0x8000,
                            0x7fffffff,
                            0x80000000,
                            0x7fffffffffffffff,
                            0x8000000000000000,
                            0x123456789abcdef0,
                            0xfedcba9876543210};

/// Every op, width, operand pair and carry-in: the 64-bit result register and
/// the defined conditions (setcc), natively and emulated.
TEST(EmulatorScalar, AluResultsAndFlagsMatchNative) {
  constexpr size_t count = std::size(kValues);
  std::vector<uint8_t> input(count * 8);
  std::memcpy(input.data(), kValues, input.size());
  for (const ScalarOp &op : kOps) {
    SCOPED_TRACE(op.name);
    size_t records = 0;
    auto emit = [&](CodeGenerator &g) {
      size_t out = 0;
      for (unsigned bits : {8u, 16u, 32u, 64u})
        for (size_t i = 0; i < count; ++i)
          for (size_t j = 0; j < count; ++j)
            for (int carry : {0, 1}) {
              g.mov(g.rax, g.ptr[g.rdi + i * 8]);
              g.mov(g.rcx, g.ptr[g.rdi + j * 8]);
              if (std::string(op.name).find("_cl") != std::string::npos)
                g.and_(g.ecx, bits - 1);
              g.xor_(g.edx, g.edx);
              g.cmp(g.edx, carry); // CF = carry
              op.emit(g, widthOf(g.rax, bits), widthOf(g.rcx, bits));
              for (unsigned cc = 0; cc < 16; ++cc)
                if ((op.definedConditions >> cc) & 1) {
                  g.db(0x0f);
                  g.db(0x90 + cc); // setcc byte [rsi + out]
                  g.db(0x86);
                  g.dd(uint32_t(out++));
                }
              g.mov(g.ptr[g.rsi + out], g.rax);
              out += 8;
            }
      records = out;
    };
    GeneratedFunction sizing(emit); // counts the output bytes
    runAndCompare(emit, Isa::Base, input, records);
  }
}

TEST(EmulatorScalar, CountedLoopSumsAnArray) {
  std::vector<int32_t> values(1000);
  std::mt19937 rng(5);
  int64_t expected = 0;
  for (int32_t &v : values) {
    v = int32_t(rng());
    expected += v;
  }
  GeneratedFunction function([](CodeGenerator &g) {
    Label loop, done;
    g.xor_(g.eax, g.eax);
    g.test(g.rsi, g.rsi);
    g.jz(done, CodeGenerator::T_NEAR);
    g.L(loop);
    g.movsxd(g.rcx, g.dword[g.rdi]);
    g.add(g.rax, g.rcx);
    g.add(g.rdi, 4);
    g.dec(g.rsi);
    g.jnz(loop);
    g.L(done);
  });
  uint64_t result = 0;
  dfp::Status status = function.emulate(
      {reinterpret_cast<uint64_t>(values.data()), values.size()}, &result);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(int64_t(result), expected);
  EXPECT_EQ(function.runNative(reinterpret_cast<uint64_t>(values.data()),
                               values.size()),
            result);
}

TEST(EmulatorScalar, CalleeSavedRegistersSurvivePushPop) {
  auto emit = [](CodeGenerator &g) {
    const Reg64 saved[] = {g.rbx, g.rbp, g.r12, g.r13, g.r14, g.r15};
    for (const Reg64 &r : saved)
      g.push(r);
    g.mov(g.rbx, g.ptr[g.rdi]);
    g.lea(g.rbp, g.ptr[g.rbx + g.rbx * 2 + 7]);
    g.mov(g.r12, g.rbp);
    g.imul(g.r12, g.rbx);
    g.mov(g.r13d, 0xffffffff);
    g.add(g.r13d, 2); // 32-bit write zero-extends
    g.mov(g.r14, -1);
    g.mov(g.r14w, 0x1234); // 16-bit write merges
    g.mov(g.r15, g.r14);
    g.mov(g.r15b, 0x56);
    g.mov(g.ptr[g.rsi], g.rbp);
    g.mov(g.ptr[g.rsi + 8], g.r12);
    g.mov(g.ptr[g.rsi + 16], g.r13);
    g.mov(g.ptr[g.rsi + 24], g.r14);
    g.mov(g.ptr[g.rsi + 32], g.r15);
    g.mov(g.rax, g.rsp); // rsp is 16-byte aligned before a call
    g.and_(g.eax, 15);
    for (int i = 5; i >= 0; --i)
      g.pop(saved[i]);
  };
  std::vector<uint8_t> input(8);
  uint64_t value = 0x0123456789abcdefull;
  std::memcpy(input.data(), &value, 8);
  uint64_t rax = 0;
  std::vector<uint8_t> out = runAndCompare(emit, Isa::Base, input, 40, &rax);
  EXPECT_EQ(rax, 8u);
  uint64_t r13;
  std::memcpy(&r13, &out[16], 8);
  EXPECT_EQ(r13, 1u);
}

TEST(EmulatorScalar, MovesExtensionsAndConditionalsMatchNative) {
  auto emit = [](CodeGenerator &g) {
    g.push(g.rbx);
    int out = 0;
    auto store = [&](const Reg64 &r) {
      g.mov(g.ptr[g.rsi + out], r);
      out += 8;
    };
    for (int i = 0; i < 4; ++i) {
      int at = 8 * i;
      g.movzx(g.eax, g.byte[g.rdi + at]);
      store(g.rax);
      g.movsx(g.rax, g.word[g.rdi + at]);
      store(g.rax);
      g.movsxd(g.rax, g.dword[g.rdi + at]);
      store(g.rax);
      g.movsx(g.ecx, g.byte[g.rdi + at + 1]);
      store(g.rcx);
      g.mov(g.rax, g.ptr[g.rdi + at]);
      g.mov(g.ah, g.byte[g.rdi + at + 3]); // high-byte register
      store(g.rax);
      g.mov(g.rbx, g.rax);
      g.cmp(g.rax, g.ptr[g.rdi + ((i + 1) % 4) * 8]);
      g.cmovl(g.rbx, g.ptr[g.rdi + 40]);
      store(g.rbx);
      g.cmovae(g.ebx, g.ecx); // writes (zero-extends) even when not taken
      store(g.rbx);
      g.setg(g.bl);
      store(g.rbx);
      g.mov(g.eax, g.ptr[g.rdi + at]);
      g.cdq();
      store(g.rdx);
      g.mov(g.rax, g.ptr[g.rdi + at]);
      g.cqo();
      store(g.rdx);
      g.lea(g.ecx, g.ptr[g.rax + g.rax * 4 - 3]);
      store(g.rcx);
      g.mov(g.word[g.rsi + out], -2);
      g.mov(g.byte[g.rsi + out + 2], 0x7f);
      g.mov(g.dword[g.rsi + out + 4], 0x80000000);
      out += 8;
    }
    g.pop(g.rbx);
  };
  std::vector<uint8_t> input = testData(Data::Int32, 3, 0, 48);
  runAndCompare(emit, Isa::Base, input, 4 * 12 * 8);
}

TEST(EmulatorScalar, CallAndReturnWithinTheRegion) {
  GeneratedFunction function([](CodeGenerator &g) {
    Label helper, done;
    g.mov(g.eax, 1);
    g.call(helper);
    g.call(helper);
    g.jmp(done);
    g.L(helper);
    g.add(g.eax, g.eax);
    g.ret();
    g.L(done);
  });
  uint64_t result = 0;
  dfp::Status status = function.emulate({}, &result);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(result, 4u);
}

TEST(EmulatorScalar, RipRelativeConstantsInTheCodeRegion) {
  GeneratedFunction function(
      [](CodeGenerator &g) {
        Label table;
        g.mov(g.eax, g.ptr[g.rip + table]);
        g.lea(g.rcx, g.ptr[g.rip + table]);
        g.add(g.eax, g.ptr[g.rcx + 4]);
        g.ret();
        g.align(16);
        g.L(table);
        g.dd(40);
        g.dd(2);
      },
      false);
  uint64_t result = 0;
  dfp::Status status = function.emulate({}, &result);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(result, 42u);
}

TEST(EmulatorScalar, NopsAndPrefetchesHaveNoEffect) {
  auto emit = [](CodeGenerator &g) {
    g.mov(g.eax, 42);
    g.nop(15);
    g.prefetcht0(g.ptr[g.rdi]);
    g.prefetcht1(g.ptr[g.rdi + 4096]);
    g.prefetcht2(g.ptr[g.rdi]);
    g.prefetchnta(g.ptr[g.rdi]);
    g.prefetchw(g.ptr[g.rdi]);
    g.mov(g.ptr[g.rsi], g.rax);
  };
  uint64_t rax = 0;
  runAndCompare(emit, Isa::Base, std::vector<uint8_t>(8), 8, &rax);
  EXPECT_EQ(rax, 42u);
}

} // namespace
} // namespace dfp::emu::test
