#ifndef DFP_JIT_ISA_H
#define DFP_JIT_ISA_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <string>

namespace dfp::jit {

/// Instruction-set levels the generators target, in increasing order: a level
/// implies every lower one. Scalar is the reference path (no generated code).
enum class Isa : uint8_t { Scalar, Avx2, Avx512bw, Avx512Vnni };

/// "scalar", "avx2", "avx512bw", "avx512_vnni" (the DFP_MAX_ISA spellings).
const char *toString(Isa isa);

/// Parses a DFP_MAX_ISA spelling; anything else is an error listing the
/// accepted values.
Status parseIsa(const std::string &text, Isa &isa);

/// What the host CPU and OS support, read once (CPUID leaves 1 and 7, XCR0
/// through xgetbv for the ymm/zmm/opmask state the OS saves).
struct CpuFeatures {
  bool avx2 = false;       ///< AVX2 + FMA with OS ymm support
  bool avx512bw = false;   ///< AVX-512 F/BW/VL with OS zmm/opmask support
  bool avx512Vnni = false; ///< avx512bw and AVX512-VNNI
  bool avxVnni = false;    ///< VEX-encoded vpdpwssd on ymm (AVX-VNNI)
};

const CpuFeatures &hostFeatures();

/// The best level the host runs natively.
Isa hostIsa();

/// True when the host can execute code of level `isa` natively.
bool hostSupports(Isa isa);

/// min(host, cap) where cap comes from `maxIsaSetting` (the value of
/// DFP_MAX_ISA; null or empty means no cap). A bad value is an error.
Status capIsa(Isa host, const char *maxIsaSetting, Isa &isa);

/// capIsa(hostIsa(), getenv("DFP_MAX_ISA")), the level kernels use by default.
Status effectiveMaxIsa(Isa &isa);

/// Vector registers a generator may use at `isa`: 16 ymm (AVX2) or 32 zmm.
int vectorRegisterCount(Isa isa);
/// Bytes per vector register at `isa` (32 or 64); 0 for Scalar.
int vectorBytes(Isa isa);

} // namespace dfp::jit

#endif // DFP_JIT_ISA_H
