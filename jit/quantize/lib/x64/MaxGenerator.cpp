#include "x64/MaxGenerator.h"

#include <cstddef>
#include <stdexcept>

namespace dfp::quant::x64 {

MaxGenerator::MaxGenerator(const jit::KernelDescriptor &descriptor)
    : QuantizeGenerator(descriptor) {
  KernelKind kind = kindOf(descriptor);
  if (descriptor.isa == jit::Isa::Scalar ||
      (kind != KernelKind::MaxRuns && kind != KernelKind::MaxColumns))
    throw std::invalid_argument("not a vector max-pass descriptor");
}

void MaxGenerator::accumulate(const Xbyak::Xmm &acc, const Xbyak::Address &mem,
                              const LaneMask *mask) {
  if (mask) {
    maskedLoad(tmp_, *mask, mem);
    if (isAvx512())
      vpandd(tmp_, tmp_, absMask_);
    else
      vpand(tmp_, tmp_, absMask_);
  } else if (isAvx512()) {
    vpandd(tmp_, absMask_, mem);
  } else {
    vpand(tmp_, absMask_, mem);
  }
  vpmaxud(acc, acc, tmp_);
}

void MaxGenerator::horizontalMax(const Xbyak::Reg32 &out32,
                                 const Xbyak::Xmm &acc) {
  Xbyak::Ymm accY(acc.getIdx()), tmpY(tmp_.getIdx());
  Xbyak::Xmm accX(acc.getIdx()), tmpX(tmp_.getIdx());
  if (isAvx512()) {
    vextracti64x4(tmpY, Xbyak::Zmm(acc.getIdx()), 1);
    vpmaxud(accY, accY, tmpY);
  }
  vextracti128(tmpX, accY, 1);
  vpmaxud(accX, accX, tmpX);
  vpshufd(tmpX, accX, 0x4e); // swap qwords
  vpmaxud(accX, accX, tmpX);
  vpshufd(tmpX, accX, 0xb1); // swap dwords in each qword
  vpmaxud(accX, accX, tmpX);
  vmovd(out32, accX);
}

void MaxGenerator::emit() {
  Xbyak::Reg64 args = argument(0);
  for (Xbyak::Reg64 *reg : {&x_, &length_, &count_, &strideBytes_, &out_, &pos_,
                            &rem_, &rowPtr_, &rowsLeft_, &scratch_})
    *reg = takeGpr();
  for (int u = 0; u < kUnroll; ++u)
    acc_.push_back(takeVec());
  absMask_ = takeVec();
  tmp_ = takeVec();
  mask_ = {takeVec(), Xbyak::Opmask(1)};
  scratchMask_ = {takeVec(), Xbyak::Opmask(2)};

  prologue();
  step("load arguments");
  mov(x_, ptr[args + offsetof(MaxArgs, x)]);
  mov(length_, ptr[args + offsetof(MaxArgs, length)]);
  mov(count_, ptr[args + offsetof(MaxArgs, count)]);
  mov(strideBytes_, ptr[args + offsetof(MaxArgs, stride)]);
  shl(strideBytes_, 2);
  mov(out_, ptr[args + offsetof(MaxArgs, out)]);
  moveVec(absMask_, constant(0x7fffffffu));

  if (kindOf(descriptor()) == KernelKind::MaxRuns)
    emitRuns();
  else
    emitColumns();
  epilogue();
  emitData();
}

void MaxGenerator::emitRuns() {
  const int vecBytes = vectorWidthBytes();
  Xbyak::Label runLoop, unrolled, single, tail, reduce, done;
  step("runs");
  test(count_, count_);
  jz(done, T_NEAR);
  L(runLoop);
  for (const Xbyak::Xmm &acc : acc_)
    zeroVec(acc);
  xor_(pos_, pos_);

  L(unrolled);
  mov(rem_, length_);
  sub(rem_, pos_);
  cmp(rem_, kUnroll * lanes());
  jl(single, T_NEAR);
  for (int u = 0; u < kUnroll; ++u)
    accumulate(acc_[u], ptr[x_ + pos_ * 4 + u * vecBytes]);
  add(pos_, kUnroll * lanes());
  jmp(unrolled, T_NEAR);

  L(single);
  cmp(rem_, lanes());
  jl(tail, T_NEAR);
  accumulate(acc_[0], ptr[x_ + pos_ * 4]);
  add(pos_, lanes());
  sub(rem_, lanes());
  jmp(single, T_NEAR);

  L(tail);
  test(rem_, rem_);
  jz(reduce, T_NEAR);
  setLaneRange(mask_, scratchMask_, nullptr, rem_, scratch_);
  accumulate(acc_[1], ptr[x_ + pos_ * 4], &mask_);

  L(reduce);
  for (int u = 1; u < kUnroll; ++u)
    vpmaxud(acc_[0], acc_[0], acc_[u]);
  horizontalMax(scratch_.cvt32(), acc_[0]);
  mov(dword[out_], scratch_.cvt32());
  add(out_, 4);
  add(x_, strideBytes_);
  dec(count_);
  jnz(runLoop, T_NEAR);
  L(done);
}

void MaxGenerator::emitColumns() {
  const int vecBytes = vectorWidthBytes();
  Xbyak::Label done;
  step("columns");
  test(count_, count_);
  jz(done, T_NEAR);
  xor_(pos_, pos_);

  // One panel of `vectors` column vectors kept in registers down all rows.
  auto panel = [&](int vectors, const LaneMask *mask) {
    Xbyak::Label rows;
    for (int u = 0; u < vectors; ++u) {
      Xbyak::Address slot = ptr[out_ + pos_ * 4 + u * vecBytes];
      if (mask)
        maskedLoad(acc_[u], *mask, slot);
      else
        moveVec(acc_[u], slot);
    }
    lea(rowPtr_, ptr[x_ + pos_ * 4]);
    mov(rowsLeft_, count_);
    L(rows);
    for (int u = 0; u < vectors; ++u)
      accumulate(acc_[u], ptr[rowPtr_ + u * vecBytes], mask);
    add(rowPtr_, strideBytes_);
    dec(rowsLeft_);
    jnz(rows, T_NEAR);
    for (int u = 0; u < vectors; ++u) {
      Xbyak::Address slot = ptr[out_ + pos_ * 4 + u * vecBytes];
      if (!mask)
        moveVec(slot, acc_[u]);
      else if (isAvx512())
        vmovdqu32(slot | mask->opmask, acc_[u]);
      else
        vpmaskmovd(slot, mask->vector, acc_[u]);
    }
  };

  Xbyak::Label wide, narrow, tail;
  L(wide);
  mov(rem_, length_);
  sub(rem_, pos_);
  cmp(rem_, kUnroll * lanes());
  jl(narrow, T_NEAR);
  panel(kUnroll, nullptr);
  add(pos_, kUnroll * lanes());
  jmp(wide, T_NEAR);

  L(narrow);
  cmp(rem_, lanes());
  jl(tail, T_NEAR);
  panel(1, nullptr);
  add(pos_, lanes());
  sub(rem_, lanes());
  jmp(narrow, T_NEAR);

  L(tail);
  test(rem_, rem_);
  jz(done, T_NEAR);
  setLaneRange(mask_, scratchMask_, nullptr, rem_, scratch_);
  panel(1, &mask_);
  L(done);
}

} // namespace dfp::quant::x64
