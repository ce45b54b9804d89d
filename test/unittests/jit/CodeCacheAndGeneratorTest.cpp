#include "ProcessMappings.h"
#include "dfp/jit/CodeCache.h"
#include "x64/Generator.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace dfp::jit {
namespace {

struct SumArgs {
  int64_t values[12] = {};
  int64_t result = 0;
};

/// Sums 12 values held in 12 GPRs at once, so the pool has to hand out
/// callee-saved registers and the prologue/epilogue has to restore them.
class SumGenerator : public x64::Generator {
public:
  explicit SumGenerator(const KernelDescriptor &d) : Generator(d) {}

private:
  void emit() override {
    Xbyak::Reg64 args = argument(0);
    std::vector<Xbyak::Reg64> regs;
    for (int i = 0; i < 12; ++i)
      regs.push_back(takeGpr());
    prologue();
    step("load");
    for (int i = 0; i < 12; ++i)
      mov(regs[i], qword[args + offsetof(SumArgs, values) + 8 * i]);
    step("sum");
    for (int i = 1; i < 12; ++i)
      add(regs[0], regs[i]);
    mov(qword[args + offsetof(SumArgs, result)], regs[0]);
    epilogue();
  }
};

/// Asks for one vector register more than the ISA has.
class GreedyGenerator : public x64::Generator {
public:
  explicit GreedyGenerator(const KernelDescriptor &d) : Generator(d) {}

private:
  void emit() override {
    for (int i = 0; i <= vectorRegisters(); ++i)
      takeVec();
  }
};

KernelDescriptor testDescriptor(Isa isa, int64_t tag) {
  KernelDescriptor d;
  d.op = KernelOp::QuantizePack;
  d.isa = isa;
  d.extra[0] = tag;
  return d;
}

std::shared_ptr<const JitKernel> makeSumKernel(CodeCache &cache, int64_t tag) {
  std::shared_ptr<const JitKernel> kernel;
  Status status = cache.getOrCreate(testDescriptor(Isa::Avx2, tag),
                                    x64::buildKernel<SumGenerator>, kernel);
  EXPECT_TRUE(status.ok()) << status.message();
  return kernel;
}

TEST(GeneratorTest, PrologueRestoresCalleeSavedRegistersNativeAndEmulated) {
  CodeCache cache;
  auto kernel = makeSumKernel(cache, 1);
  ASSERT_TRUE(kernel);
  for (ExecutionMode mode : {ExecutionMode::Auto, ExecutionMode::Emulated}) {
    if (mode == ExecutionMode::Auto && !kernel->runsNatively())
      continue;
    SumArgs args;
    int64_t expected = 0;
    for (int i = 0; i < 12; ++i)
      expected += args.values[i] = (int64_t(1) << (3 * i)) - 7 * i;
    Status status = kernel->call(&args, mode);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(args.result, expected);
  }
}

TEST(GeneratorTest, NamedStepsAreRecordedInOrder) {
  SumGenerator generator(testDescriptor(Isa::Avx2, 2));
  ASSERT_TRUE(generator.generate().ok());
  std::vector<std::string> names;
  for (const auto &[offset, name] : generator.steps())
    names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"prologue", "load", "sum", "epilogue"}));
}

TEST(GeneratorTest, RunningOutOfVectorRegistersIsAnError) {
  for (Isa isa : {Isa::Avx2, Isa::Avx512Vnni}) {
    GreedyGenerator generator(testDescriptor(isa, 3));
    Status status = generator.generate();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("out of vector registers"),
              std::string::npos);
  }
}

TEST(GeneratorTest, NativeCallOnAHostWithoutTheIsaIsAnError) {
  if (hostSupports(Isa::Avx512Vnni))
    GTEST_SKIP() << "host has every level";
  CodeCache cache;
  std::shared_ptr<const JitKernel> kernel;
  ASSERT_TRUE(cache
                  .getOrCreate(testDescriptor(Isa::Avx512Vnni, 4),
                               x64::buildKernel<SumGenerator>, kernel)
                  .ok());
  SumArgs args;
  EXPECT_FALSE(kernel->call(&args, ExecutionMode::Native).ok());
}

TEST(GeneratorTest, NoMappingIsWritableAndExecutable) {
  CodeCache cache;
  std::vector<std::shared_ptr<const JitKernel>> kernels;
  for (int i = 0; i < 8; ++i)
    kernels.push_back(makeSumKernel(cache, 100 + i));
  const std::vector<dfp::testing::ProcessMapping> mappings =
      dfp::testing::processMappings();
  ASSERT_FALSE(mappings.empty());
  int executable = 0;
  bool sawKernel = false;
  const auto code = reinterpret_cast<uintptr_t>(kernels[0]->code());
  for (const dfp::testing::ProcessMapping &mapping : mappings) {
    ASSERT_EQ(mapping.perms.size(), 4u) << mapping.line;
    EXPECT_FALSE(mapping.writable() && mapping.executable()) << mapping.line;
    if (!mapping.executable())
      continue;
    ++executable;
    sawKernel |= code >= mapping.begin && code < mapping.end;
  }
  EXPECT_GT(executable, 0);
  EXPECT_TRUE(sawKernel) << "the kernel's page is mapped read+execute";
}

TEST(GeneratorTest, DumpWritesBytesAndDescriptor) {
  auto dir = std::filesystem::temp_directory_path() /
             ("dfp-jit-dump-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  setenv("DFP_JIT_DUMP", dir.c_str(), 1);
  CodeCache cache;
  auto kernel = makeSumKernel(cache, 5);
  unsetenv("DFP_JIT_DUMP");
  ASSERT_TRUE(kernel);
  std::string base = (dir / kernel->descriptor().name()).string();
  std::ifstream bin(base + ".bin", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(bin)), {});
  ASSERT_EQ(bytes.size(), kernel->codeSize());
  EXPECT_EQ(0, std::memcmp(bytes.data(), kernel->code(), bytes.size()));
  std::ifstream txt(base + ".txt");
  std::string text((std::istreambuf_iterator<char>(txt)), {});
  EXPECT_NE(text.find("isa = avx2"), std::string::npos) << text;
  EXPECT_NE(text.find(": sum"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

TEST(CodeCacheTest, CountsHitsMissesAndEvictions) {
  CodeCache cache(2);
  auto first = makeSumKernel(cache, 1);
  auto again = makeSumKernel(cache, 1);
  EXPECT_EQ(first.get(), again.get());
  CodeCacheStats stats = cache.stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.evictions, 0u);

  makeSumKernel(cache, 2);
  makeSumKernel(cache, 1); // 1 becomes most recent, 2 least recent
  makeSumKernel(cache, 3); // evicts 2
  stats = cache.stats();
  EXPECT_EQ(stats.misses, 3u);
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_EQ(stats.size, 2u);
  makeSumKernel(cache, 1);
  EXPECT_EQ(cache.stats().hits, 3u) << "1 survived the eviction";
  makeSumKernel(cache, 2);
  EXPECT_EQ(cache.stats().misses, 4u) << "2 was evicted";

  SumArgs args;
  args.values[0] = 41;
  args.values[11] = 1;
  ASSERT_TRUE(first->call(&args, ExecutionMode::Emulated).ok());
  EXPECT_EQ(args.result, 42) << "an evicted kernel stays usable by holders";
}

TEST(CodeCacheTest, FactoryErrorsAreReturnedAndNotCached) {
  CodeCache cache;
  std::shared_ptr<const JitKernel> kernel;
  Status status = cache.getOrCreate(testDescriptor(Isa::Avx2, 9),
                                    x64::buildKernel<GreedyGenerator>, kernel);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(cache.stats().size, 0u);
}

TEST(CodeCacheTest, DescriptorsDifferingInAnyFieldAreDifferentKeys) {
  KernelDescriptor base = testDescriptor(Isa::Avx2, 0);
  std::vector<KernelDescriptor> variants(8, base);
  variants[1].isa = Isa::Avx512bw;
  variants[2].avxVnni = true;
  variants[3].mr = 3;
  variants[4].chain = 32;
  variants[5].scaleMode = GemmScaleMode::Row;
  variants[6].ldc = 17;
  variants[7].extra[3] = 1;
  for (size_t i = 0; i < variants.size(); ++i)
    for (size_t j = 0; j < variants.size(); ++j) {
      EXPECT_EQ(variants[i] == variants[j], i == j) << i << " vs " << j;
      if (i != j)
        EXPECT_NE(variants[i].name(), variants[j].name());
    }
  EXPECT_EQ(base.hash(), testDescriptor(Isa::Avx2, 0).hash());
}

TEST(CodeCacheTest, ConcurrentLookupsShareOneKernel) {
  CodeCache cache;
  std::vector<std::shared_ptr<const JitKernel>> seen(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i)
        seen[t] = makeSumKernel(cache, 7);
    });
  for (auto &thread : threads)
    thread.join();
  for (auto &kernel : seen)
    EXPECT_EQ(kernel.get(), seen[0].get());
  CodeCacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits + stats.misses, 200u);
  EXPECT_EQ(stats.size, 1u);
}

} // namespace
} // namespace dfp::jit
