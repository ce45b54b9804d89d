#include "PeakLoop.h"

#include <xbyak/xbyak.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace dfp::bench {

const char *toString(PeakInstruction instruction) {
  switch (instruction) {
  case PeakInstruction::VpdpwssdZmm:
    return "vpdpwssd zmm";
  case PeakInstruction::VpmaddwdVpadddZmm:
    return "vpmaddwd+vpaddd zmm";
  case PeakInstruction::VpdpwssdYmm:
    return "vpdpwssd ymm";
  case PeakInstruction::VpmaddwdVpadddYmm:
    return "vpmaddwd+vpaddd ymm";
  case PeakInstruction::VfmaddpsZmm:
    return "vfmadd231ps zmm";
  case PeakInstruction::VfmaddpsYmm:
    return "vfmadd231ps ymm";
  }
  return "unknown";
}

namespace {
bool isZmm(PeakInstruction instruction) {
  return instruction == PeakInstruction::VpdpwssdZmm ||
         instruction == PeakInstruction::VpmaddwdVpadddZmm ||
         instruction == PeakInstruction::VfmaddpsZmm;
}

bool isFp32(PeakInstruction instruction) {
  return instruction == PeakInstruction::VfmaddpsZmm ||
         instruction == PeakInstruction::VfmaddpsYmm;
}

bool needsTemporary(PeakInstruction instruction) {
  return instruction == PeakInstruction::VpmaddwdVpadddZmm ||
         instruction == PeakInstruction::VpmaddwdVpadddYmm;
}
} // namespace

int opsPerInstruction(PeakInstruction instruction) {
  int lanes32 = isZmm(instruction) ? 16 : 8;
  // Integer: two int16 products per 32-bit lane; FP32: one FMA per lane.
  int multiplyAdds = isFp32(instruction) ? lanes32 : 2 * lanes32;
  return 2 * multiplyAdds;
}

bool integerPeakInstruction(jit::Isa isa, bool avxVnni,
                            PeakInstruction &instruction) {
  switch (isa) {
  case jit::Isa::Avx512Vnni:
    instruction = PeakInstruction::VpdpwssdZmm;
    return true;
  case jit::Isa::Avx512bw:
    instruction = PeakInstruction::VpmaddwdVpadddZmm;
    return true;
  case jit::Isa::Avx2:
    instruction = avxVnni ? PeakInstruction::VpdpwssdYmm
                          : PeakInstruction::VpmaddwdVpadddYmm;
    return true;
  case jit::Isa::Scalar:
    return false;
  }
  return false;
}

bool fp32PeakInstruction(jit::Isa isa, PeakInstruction &instruction) {
  if (isa == jit::Isa::Scalar)
    return false;
  instruction = isa >= jit::Isa::Avx512bw ? PeakInstruction::VfmaddpsZmm
                                          : PeakInstruction::VfmaddpsYmm;
  return true;
}

namespace {

/// `void loop(uint64_t iterations)`: each iteration issues kUnroll rounds of
/// one instruction (pair) per accumulator, all accumulators independent.
class PeakLoopGenerator : public Xbyak::CodeGenerator {
public:
  static constexpr int kUnroll = 4;

  explicit PeakLoopGenerator(PeakInstruction instruction)
      : Xbyak::CodeGenerator(4096, Xbyak::DontSetProtectRWE),
        instruction_(instruction) {
    emitLoop();
    setProtectModeRE();
  }

  int instructionsPerIteration() const { return kUnroll * accumulators_; }
  // UBSan's function-type check reads the bytes before a callee's entry,
  // which for JIT code is unmapped or foreign memory.
  __attribute__((no_sanitize("function"))) void run(uint64_t iterations) const {
    getCode<void (*)(uint64_t)>()(iterations);
  }

private:
  Xbyak::Xmm vec(int index) const {
    if (isZmm(instruction_))
      return Xbyak::Zmm(index);
    return Xbyak::Ymm(index);
  }

  void emitLoop() {
    int registers = isZmm(instruction_) ? 32 : 16;
    // The last two registers hold the multiplicands; the rest are
    // accumulators, or accumulator + product temporary pairs.
    int free = registers - 2;
    accumulators_ = needsTemporary(instruction_) ? free / 2 : free;
    Xbyak::Xmm left = vec(registers - 2), right = vec(registers - 1);

    // Non-zero multiplicands (zeros could let the core save power).
    mov(eax, isFp32(instruction_) ? 0x3f800001 : 0x5a5a3c3c);
    vmovd(Xbyak::Xmm(left.getIdx()), eax);
    vpbroadcastd(left, Xbyak::Xmm(left.getIdx()));
    vpbroadcastd(right, Xbyak::Xmm(left.getIdx()));
    for (int a = 0; a < free; ++a) {
      if (isZmm(instruction_))
        vpxord(vec(a), vec(a), vec(a));
      else
        vpxor(vec(a), vec(a), vec(a));
    }

    Xbyak::Label top;
    L(top);
    for (int round = 0; round < kUnroll; ++round)
      for (int a = 0; a < accumulators_; ++a)
        emitInstruction(a, left, right);
    dec(rdi);
    jnz(top);
    vzeroupper();
    ret();
  }

  void emitInstruction(int accumulator, const Xbyak::Xmm &left,
                       const Xbyak::Xmm &right) {
    switch (instruction_) {
    case PeakInstruction::VpdpwssdZmm:
      vpdpwssd(vec(accumulator), left, right, Xbyak::EvexEncoding);
      return;
    case PeakInstruction::VpdpwssdYmm:
      vpdpwssd(vec(accumulator), left, right, Xbyak::VexEncoding);
      return;
    case PeakInstruction::VpmaddwdVpadddZmm:
    case PeakInstruction::VpmaddwdVpadddYmm: {
      Xbyak::Xmm acc = vec(2 * accumulator), product = vec(2 * accumulator + 1);
      vpmaddwd(product, left, right);
      vpaddd(acc, acc, product);
      return;
    }
    case PeakInstruction::VfmaddpsZmm:
    case PeakInstruction::VfmaddpsYmm:
      vfmadd231ps(vec(accumulator), left, right);
      return;
    }
  }

  PeakInstruction instruction_;
  int accumulators_ = 0;
};

/// Seconds for `threads` threads to run `iterations` each, started together.
double timeConcurrentRuns(const PeakLoopGenerator &loop, int threads,
                          uint64_t iterations) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire))
        std::this_thread::yield();
      loop.run(iterations);
    });
  while (ready.load() != threads)
    std::this_thread::yield();
  auto start = std::chrono::steady_clock::now();
  go.store(true, std::memory_order_release);
  for (std::thread &worker : workers)
    worker.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

Status measurePeakGops(PeakInstruction instruction, int threads,
                       const PeakSampling &sampling, double &gops) {
  std::unique_ptr<PeakLoopGenerator> loop;
  try {
    loop = std::make_unique<PeakLoopGenerator>(instruction);
  } catch (const std::exception &e) {
    return Status::error(std::string("cannot generate the ") +
                         toString(instruction) + " peak loop: " + e.what());
  }
  // Calibrate on the fastest of a few short runs (a loaded machine only
  // makes runs slower), then size the samples to sampling.sampleSeconds.
  uint64_t iterations = 1 << 10;
  while (timeConcurrentRuns(*loop, 1, iterations) < 2e-4)
    iterations *= 2;
  double fastest = timeConcurrentRuns(*loop, 1, iterations);
  for (int trial = 0; trial < 4; ++trial)
    fastest = std::min(fastest, timeConcurrentRuns(*loop, 1, iterations));
  iterations = std::max<uint64_t>(
      1, uint64_t(double(iterations) * sampling.sampleSeconds / fastest));

  double opsPerThread = double(iterations) * loop->instructionsPerIteration() *
                        opsPerInstruction(instruction);
  gops = 0;
  for (int sample = 0; sample < sampling.samples; ++sample) {
    double elapsed = timeConcurrentRuns(*loop, threads, iterations);
    gops = std::max(gops, opsPerThread * threads / elapsed * 1e-9);
  }
  return Status::success();
}

} // namespace dfp::bench
