#include "dfp/jit/Isa.h"

#include <cpuid.h>
#include <cstdlib>

namespace dfp::jit {
namespace {

struct IsaName {
  Isa isa;
  const char *name;
};
constexpr IsaName kIsaNames[] = {{Isa::Scalar, "scalar"},
                                 {Isa::Avx2, "avx2"},
                                 {Isa::Avx512bw, "avx512bw"},
                                 {Isa::Avx512Vnni, "avx512_vnni"}};

bool bit(unsigned word, int index) { return (word >> index) & 1u; }

uint64_t readXcr0() {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t(hi) << 32) | lo;
}

CpuFeatures detectFeatures() {
  CpuFeatures features;
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
    return features;
  bool osxsave = bit(ecx, 27), avx = bit(ecx, 28), fma = bit(ecx, 12);
  if (!osxsave || !avx)
    return features;
  uint64_t xcr0 = readXcr0();
  constexpr uint64_t kYmmState = 0x6;  // SSE + AVX
  constexpr uint64_t kZmmState = 0xe6; // + opmask, ZMM_Hi256, Hi16_ZMM
  bool osYmm = (xcr0 & kYmmState) == kYmmState;
  bool osZmm = (xcr0 & kZmmState) == kZmmState;

  unsigned maxLeaf = __get_cpuid_max(0, nullptr);
  if (maxLeaf < 7)
    return features;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  bool avx2 = bit(ebx, 5), avx512f = bit(ebx, 16), avx512bw = bit(ebx, 30),
       avx512vl = bit(ebx, 31), avx512vnni = bit(ecx, 11);
  unsigned eax1, ebx1, ecx1, edx1;
  __cpuid_count(7, 1, eax1, ebx1, ecx1, edx1);
  bool avxVnni = bit(eax1, 4);

  features.avx2 = osYmm && avx2 && fma;
  features.avxVnni = features.avx2 && avxVnni;
  features.avx512bw = features.avx2 && osZmm && avx512f && avx512bw && avx512vl;
  features.avx512Vnni = features.avx512bw && avx512vnni;
  return features;
}

} // namespace

const char *toString(Isa isa) {
  for (const IsaName &entry : kIsaNames)
    if (entry.isa == isa)
      return entry.name;
  return "unknown";
}

Status parseIsa(const std::string &text, Isa &isa) {
  for (const IsaName &entry : kIsaNames) {
    if (text == entry.name) {
      isa = entry.isa;
      return Status::success();
    }
  }
  return Status::error("invalid ISA '" + text +
                       "' (DFP_MAX_ISA accepts avx512_vnni, avx512bw, avx2, "
                       "scalar)");
}

const CpuFeatures &hostFeatures() {
  static const CpuFeatures features = detectFeatures();
  return features;
}

Isa hostIsa() {
  const CpuFeatures &f = hostFeatures();
  if (f.avx512Vnni)
    return Isa::Avx512Vnni;
  if (f.avx512bw)
    return Isa::Avx512bw;
  if (f.avx2)
    return Isa::Avx2;
  return Isa::Scalar;
}

bool hostSupports(Isa isa) { return isa <= hostIsa(); }

Status capIsa(Isa host, const char *maxIsaSetting, Isa &isa) {
  isa = host;
  if (!maxIsaSetting || !*maxIsaSetting)
    return Status::success();
  Isa cap;
  Status status = parseIsa(maxIsaSetting, cap);
  if (!status)
    return Status::error("DFP_MAX_ISA: " + status.message());
  if (cap < isa)
    isa = cap;
  return Status::success();
}

Status effectiveMaxIsa(Isa &isa) {
  return capIsa(hostIsa(), std::getenv("DFP_MAX_ISA"), isa);
}

int vectorRegisterCount(Isa isa) {
  switch (isa) {
  case Isa::Scalar:
    return 0;
  case Isa::Avx2:
    return 16;
  case Isa::Avx512bw:
  case Isa::Avx512Vnni:
    return 32;
  }
  return 0;
}

int vectorBytes(Isa isa) {
  switch (isa) {
  case Isa::Scalar:
    return 0;
  case Isa::Avx2:
    return 32;
  case Isa::Avx512bw:
  case Isa::Avx512Vnni:
    return 64;
  }
  return 0;
}

} // namespace dfp::jit
