#ifndef DFP_JIT_KERNELDESCRIPTOR_H
#define DFP_JIT_KERNELDESCRIPTOR_H

#include "dfp/jit/Isa.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace dfp::jit {

/// What a generated kernel computes. New generators add their op here.
enum class KernelOp : uint8_t {
  /// One register tile of the DFP16 GEMM over packed operands (Gemm.h).
  GemmTile,
  /// Fused quantize + pack into a GEMM packed layout (reserved).
  QuantizePack,
};

const char *toString(KernelOp op);

/// How a GEMM tile turns a chain sum into FP32 (see GemmKernel.h).
enum class GemmScaleMode : uint8_t {
  Column,    ///< scale = colScale[j] (A's exponent folded in)
  Row,       ///< scale = rowScale[i] (B's exponent folded in)
  RowColumn, ///< scale = rowScale[i] * colScale[j] (exact by construction)
};

const char *toString(GemmScaleMode mode);

/// Everything that determines a kernel's code: the code-cache key. A plain
/// value; fields an op does not use stay at their defaults so equal kernels
/// compare equal.
struct KernelDescriptor {
  KernelOp op = KernelOp::GemmTile;
  Isa isa = Isa::Scalar;
  /// Avx2 level only: use VEX vpdpwssd ymm (AVX-VNNI) instead of
  /// vpmaddwd + vpaddd.
  bool avxVnni = false;

  /// Problem shape when the code is specialised for it, else 0.
  int64_t m = 0, n = 0, k = 0;
  /// Register tile: rows of the tile this kernel computes (mr <= tileRows),
  /// rows and columns of the packed panels it reads.
  int32_t mr = 0, tileRows = 0, tileCols = 0;
  /// Leading dimensions (elements) when fixed at generation, else 0.
  int64_t lda = 0, ldb = 0, ldc = 0;
  /// Formats of the operands (magnitude bits) and the chain length, when the
  /// code depends on them, else 0.
  int32_t magBitsA = 0, magBitsB = 0;
  int64_t chain = 0;
  GemmScaleMode scaleMode = GemmScaleMode::Column;
  /// Op-specific parameters for ops that need more than the above.
  std::array<int64_t, 4> extra{};

  bool operator==(const KernelDescriptor &other) const;
  bool operator!=(const KernelDescriptor &other) const {
    return !(*this == other);
  }
  size_t hash() const;
  /// A file-name-safe identifier, e.g. "gemm_tile_avx512_vnni_6x32_col_...".
  std::string name() const;
  /// One "field = value" per line (what DFP_JIT_DUMP writes to <name>.txt).
  std::string describe() const;
};

struct KernelDescriptorHash {
  size_t operator()(const KernelDescriptor &d) const { return d.hash(); }
};

} // namespace dfp::jit

#endif // DFP_JIT_KERNELDESCRIPTOR_H
