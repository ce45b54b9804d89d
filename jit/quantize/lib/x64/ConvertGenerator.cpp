#include "x64/ConvertGenerator.h"

#include <cmath>
#include <cstddef>
#include <stdexcept>

namespace dfp::quant::x64 {

namespace {

constexpr uint8_t kRoundNearestEven = 0x08; // imm rounding, no precision exc.
constexpr uint8_t kRoundFloor = 0x09;
constexpr uint8_t kCompareGreaterEqual = 0x1d; // GE_OQ
constexpr uint8_t kCompareGreater = 0x1e;      // GT_OQ
constexpr uint8_t kPackedQwords02 = 0x08;      // vpermq [0, 2, 0, 0]
// Stack frame: the AVX2 partial-store buffer, then the Philox scratch.
constexpr int kStoreBufferOffset = 0;
constexpr int kStoreBufferBytes = 32;
constexpr int kRandomDropBits = 8; // u = (r >> 8) * 2^-24

} // namespace

ConvertGenerator::ConvertGenerator(const jit::KernelDescriptor &descriptor)
    : QuantizeGenerator(descriptor) {
  KernelKind kind = kindOf(descriptor);
  if (descriptor.isa == jit::Isa::Scalar ||
      (kind != KernelKind::ConvertRuns && kind != KernelKind::ConvertColumns))
    throw std::invalid_argument("not a vector convert descriptor");
  if (descriptor.magBitsA < 1 || descriptor.magBitsA > 15)
    throw std::invalid_argument("magnitude bits out of [1, 15]");
  rounding_ = Rounding(descriptor.extra[1]);
  columns_ = kind == KernelKind::ConvertColumns;
  stochastic_ = rounding_ == Rounding::Stochastic;
}

ConvertGenerator::~ConvertGenerator() = default;

void ConvertGenerator::allocateRegisters() {
  args_ = argument(0);
  for (Xbyak::Reg64 *reg :
       {&xRow_, &outRow_, &length_, &rowsLeft_, &stride_, &scaleA_, &scaleB_,
        &rowIndex_, &pos_, &lo_, &hi_, &scratch_, &scratch2_})
    *reg = takeGpr();
  y_ = takeVec();
  f_ = takeVec();
  tmp1_ = takeVec();
  tmp2_ = takeVec();
  if (!columns_) {
    rowScaleA_ = takeVec();
    rowScaleB_ = takeVec();
  }
  mask_ = {takeVec(), Xbyak::Opmask(1)};
  scratchMask_ = {takeVec(), Xbyak::Opmask(2)};
  if (!stochastic_)
    return;
  PhiloxEmitter::Registers philox;
  philox.counter = takeVec();
  philox.multipliers = takeVec();
  // Interleaved evaluations (4 with 32 registers, 2 with 16); the second
  // borrows y_ and f_, which are dead while the bits are generated.
  philox.chains.push_back({takeVec(), tmp1_, tmp2_});
  philox.chains.push_back({takeVec(), y_, f_});
  for (int c = 2; c < interleavedVectors(); ++c)
    philox.chains.push_back({takeVec(), takeVec(), takeVec()});
  philox.evenLanes = Xbyak::Opmask(4);
  if (isAvx512())
    for (int r = 0; r < PhiloxEmitter::kRounds; ++r)
      philox.keys.push_back(takeVec());
  else
    philox.zero = takeVec();
  philox_ = std::make_unique<PhiloxEmitter>(*this, philox, kStoreBufferBytes);
}

void ConvertGenerator::loadArguments(const Xbyak::Reg64 &args) {
  mov(xRow_, ptr[args + offsetof(ConvertArgs, x)]);
  mov(outRow_, ptr[args + offsetof(ConvertArgs, out)]);
  mov(length_, ptr[args + offsetof(ConvertArgs, length)]);
  mov(rowsLeft_, ptr[args + offsetof(ConvertArgs, count)]);
  mov(stride_, ptr[args + offsetof(ConvertArgs, stride)]);
  mov(scaleA_, ptr[args + offsetof(ConvertArgs, scaleA)]);
  mov(scaleB_, ptr[args + offsetof(ConvertArgs, scaleB)]);
  mov(rowIndex_, ptr[args + offsetof(ConvertArgs, firstIndex)]);
}

void ConvertGenerator::emit() {
  allocateRegisters();
  prologue();
  const int frameBytes =
      kStoreBufferBytes +
      (stochastic_ ? PhiloxEmitter::stackBytes(isAvx512()) : 0);
  sub(rsp, frameBytes);

  step("load arguments");
  loadArguments(args_);
  if (stochastic_)
    philox_->setUp(ptr[args_ + offsetof(ConvertArgs, seed)], scratch_);

  Xbyak::Label rowLoop, done;
  test(rowsLeft_, rowsLeft_);
  jz(done, T_NEAR);
  test(length_, length_);
  jz(done, T_NEAR);
  L(rowLoop);
  emitRow();
  dec(rowsLeft_);
  jnz(rowLoop, T_NEAR);
  L(done);

  add(rsp, frameBytes);
  epilogue();
  emitData();
}

void ConvertGenerator::emitRow() {
  step("row");
  xor_(lo_, lo_);
  xor_(pos_, pos_);
  if (stochastic_) {
    // Start at the Philox block holding the row's first element; the first
    // vector skips the lanes before it.
    mov(lo_, rowIndex_);
    and_(lo_, 3);
    sub(pos_, lo_);
    mov(scratch2_, rowIndex_);
    shr(scratch2_, 2);
    philox_->startAt(scratch2_, ptr[args_ + offsetof(ConvertArgs, streamStep)],
                     scratch_);
  }
  if (!columns_) {
    vbroadcastss(rowScaleA_, dword[scaleA_]);
    vbroadcastss(rowScaleB_, dword[scaleB_]);
  }

  Xbyak::Label vectorLoop, partial, next;
  L(vectorLoop);
  mov(hi_, length_);
  sub(hi_, pos_);
  if (stochastic_) {
    test(lo_, lo_);
    jnz(partial, T_NEAR);
  }
  cmp(hi_, lanes());
  jl(partial, T_NEAR);
  if (stochastic_) {
    // Several full vectors share one interleaved Philox evaluation.
    const int group = interleavedVectors();
    Xbyak::Label single;
    cmp(hi_, group * lanes());
    jl(single, T_NEAR);
    std::vector<Xbyak::Xmm> bits = philox_->generate(group);
    for (int v = 0; v < group; ++v)
      emitVector(false, v * lanes(), &bits[size_t(v)]);
    add(pos_, (group - 1) * lanes());
    philox_->advance(group - 1);
    jmp(next, T_NEAR);
    L(single);
  }
  emitVector(false);
  jmp(next, T_NEAR);

  L(partial);
  mov(scratch_, lanes());
  cmp(hi_, scratch_);
  cmovg(hi_, scratch_);
  setLaneRange(mask_, scratchMask_, stochastic_ ? &lo_ : nullptr, hi_,
               scratch_);
  emitVector(true);

  L(next);
  add(pos_, lanes());
  xor_(lo_, lo_);
  if (stochastic_)
    philox_->advance();
  cmp(pos_, length_);
  jl(vectorLoop, T_NEAR);

  step("next row");
  lea(xRow_, ptr[xRow_ + stride_ * 4]);
  lea(outRow_, ptr[outRow_ + stride_ * 2]);
  add(rowIndex_, stride_);
  if (!columns_) {
    add(scaleA_, 4);
    add(scaleB_, 4);
  }
}

void ConvertGenerator::emitVector(bool partial, int offset,
                                  const Xbyak::Xmm *randomBits) {
  Xbyak::Xmm bits;
  if (stochastic_ && !randomBits)
    bits = philox_->generate(1)[0];
  else if (stochastic_)
    bits = *randomBits;
  Xbyak::Address x = ptr[xRow_ + pos_ * 4 + offset * 4];
  if (partial)
    maskedLoad(y_, mask_, x);
  else
    vmovups(y_, x);
  scale(partial, offset);
  float limit = float((1 << descriptor().magBitsA) - 1);
  vmaxps(y_, y_, constantFloat(-limit));
  vminps(y_, y_, constantFloat(limit));
  round(bits);
  vcvttps2dq(f_, rounding_ == Rounding::TowardZero ? y_ : f_);
  store(partial, offset);
}

void ConvertGenerator::scale(bool partial, int offset) {
  if (!columns_) {
    vmulps(y_, y_, rowScaleA_);
    vmulps(y_, y_, rowScaleB_);
    return;
  }
  for (const Xbyak::Reg64 *scales : {&scaleA_, &scaleB_}) {
    Xbyak::Address factor = ptr[*scales + pos_ * 4 + offset * 4];
    if (partial) {
      maskedLoad(tmp1_, mask_, factor);
      vmulps(y_, y_, tmp1_);
    } else {
      vmulps(y_, y_, factor);
    }
  }
}

void ConvertGenerator::roundTo(const Xbyak::Xmm &dst, uint8_t mode) {
  if (isAvx512())
    vrndscaleps(dst, y_, mode);
  else
    vroundps(dst, y_, mode);
}

void ConvertGenerator::round(const Xbyak::Xmm &randomBits) {
  switch (rounding_) {
  case Rounding::NearestEven:
    roundTo(f_, kRoundNearestEven);
    return;
  case Rounding::TowardZero:
    return; // vcvttps2dq truncates
  case Rounding::NearestUp:
    roundTo(f_, kRoundFloor);
    roundUpWhere(kCompareGreaterEqual, constantFloat(0.5f));
    return;
  case Rounding::Stochastic:
    roundStochastic(randomBits);
    return;
  }
}

void ConvertGenerator::roundUpWhere(uint8_t predicate,
                                    const Xbyak::Operand &threshold) {
  // frac = y - floor(y) in FP32, as the reference defines it.
  vsubps(tmp2_, y_, f_);
  Xbyak::Address one = constantFloat(1.0f);
  if (isAvx512()) {
    vcmpps(compare_, tmp2_, threshold, predicate);
    vaddps(f_ | compare_, f_, one);
    return;
  }
  vcmpps(tmp2_, tmp2_, threshold, predicate);
  vandps(tmp2_, tmp2_, one);
  vaddps(f_, f_, tmp2_);
}

void ConvertGenerator::roundStochastic(const Xbyak::Xmm &u) {
  vpsrld(u, u, kRandomDropBits);
  vcvtdq2ps(u, u);
  vmulps(u, u, constantFloat(std::ldexp(1.0f, -24)));
  roundTo(f_, kRoundFloor);
  roundUpWhere(kCompareGreater, u);
}

void ConvertGenerator::store(bool partial, int offset) {
  Xbyak::Address out = ptr[outRow_ + pos_ * 2 + offset * 2];
  if (isAvx512()) {
    if (partial)
      vpmovdw(out | mask_.opmask, Xbyak::Zmm(f_.getIdx()));
    else
      vpmovdw(out, Xbyak::Zmm(f_.getIdx()));
    return;
  }
  // Eight int32 -> eight int16 in the low 128 bits (packs work per lane).
  Xbyak::Ymm packed(tmp1_.getIdx());
  vpackssdw(packed, Xbyak::Ymm(f_.getIdx()), Xbyak::Ymm(f_.getIdx()));
  vpermq(packed, packed, kPackedQwords02);
  Xbyak::Xmm words(tmp1_.getIdx());
  if (!partial) {
    vmovdqu(out, words);
    return;
  }
  Xbyak::Label copy;
  vmovdqu(ptr[rsp + kStoreBufferOffset], words);
  lea(scratch2_, out);
  L(copy);
  movzx(scratch_.cvt32(), word[rsp + kStoreBufferOffset + lo_ * 2]);
  mov(word[scratch2_ + lo_ * 2], scratch_.cvt16());
  inc(lo_);
  cmp(lo_, hi_);
  jl(copy, T_NEAR);
}

} // namespace dfp::quant::x64
