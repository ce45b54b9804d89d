#ifndef DFP_QUANTIZE_X64_CONVERTGENERATOR_H
#define DFP_QUANTIZE_X64_CONVERTGENERATOR_H

#include "x64/PhiloxEmitter.h"
#include "x64/QuantizeGenerator.h"

#include "dfp/reference/Format.h"

#include <memory>

namespace dfp::quant::x64 {

/// Pass 2: y = (x * scaleA) * scaleB, clamp to +-(2^M - 1), round, convert,
/// store int16, for each row of a ConvertArgs rectangle (ConvertRuns: one
/// scale pair per row; ConvertColumns: one per column). Rounding:
///   nearest_even  vroundps/vrndscaleps imm 8 (independent of MXCSR)
///   toward_zero   vcvttps2dq
///   nearest_up    f = floor(y); f += (y - f >= 0.5)
///   stochastic    f = floor(y); f += (y - f > u)
/// with y - f computed in FP32 as the reference defines frac(y).
/// Clamping before rounding equals clamping after (every mode is monotone
/// and fixes integers) and keeps vcvttps2dq in range.
/// Stochastic rows run in vectors aligned to Philox blocks (element index a
/// multiple of 4): the first vector of a row starting at index i skips
/// i & 3 lanes. Partial vectors are masked (AVX-512) or loaded with
/// vpmaskmovd and stored through a stack buffer word by word (AVX2).
class ConvertGenerator final : public QuantizeGenerator {
public:
  explicit ConvertGenerator(const jit::KernelDescriptor &descriptor);
  ~ConvertGenerator() override;

private:
  void emit() override;
  void allocateRegisters();
  /// Full vectors whose random bits are generated together.
  int interleavedVectors() const { return isAvx512() ? 4 : 2; }
  void loadArguments(const Xbyak::Reg64 &args);
  void emitRow();
  /// One vector at element pos_ + offset of the row, all lanes or the mask_
  /// lanes. Stochastic rounding uses `randomBits` when given, else
  /// generates them.
  void emitVector(bool partial, int offset = 0,
                  const Xbyak::Xmm *randomBits = nullptr);
  void scale(bool partial, int offset);
  /// f_ = y_ rounded to an integer-valued float (except TowardZero);
  /// `randomBits` is used by Stochastic only.
  void round(const Xbyak::Xmm &randomBits);
  void roundTo(const Xbyak::Xmm &dst, uint8_t mode);
  /// f_ += 1 where (y - f_) <predicate> threshold.
  void roundUpWhere(uint8_t predicate, const Xbyak::Operand &threshold);
  void roundStochastic(const Xbyak::Xmm &randomBits);
  void store(bool partial, int offset);

  Rounding rounding_;
  bool columns_;
  bool stochastic_;
  Xbyak::Reg64 args_, xRow_, outRow_, length_, rowsLeft_, stride_, scaleA_,
      scaleB_, rowIndex_, pos_, lo_, hi_, scratch_, scratch2_;
  Xbyak::Xmm y_, f_, tmp1_, tmp2_, rowScaleA_, rowScaleB_;
  LaneMask mask_, scratchMask_;
  Xbyak::Opmask compare_{3};
  std::unique_ptr<PhiloxEmitter> philox_;
};

} // namespace dfp::quant::x64

#endif // DFP_QUANTIZE_X64_CONVERTGENERATOR_H
