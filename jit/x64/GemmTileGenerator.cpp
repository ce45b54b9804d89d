#include "x64/GemmTileGenerator.h"

#include <cstddef>
#include <stdexcept>

namespace dfp::jit::x64 {
namespace {

constexpr int kPairUnroll = 4;
constexpr int kBytesPerPair = 4; // two int16 per row or column

} // namespace

GemmTileShape gemmTileShape(Isa isa) {
  switch (isa) {
  case Isa::Avx512Vnni:
  case Isa::Avx512bw:
    // 12 INT32 + 12 FP32 accumulators + 2 B vectors + 2 temporaries = 28 zmm.
    return {6, 2};
  case Isa::Avx2:
    // 6 + 6 accumulators + 2 B vectors + 2 temporaries = all 16 ymm.
    return {3, 2};
  case Isa::Scalar:
    return {4, 2};
  }
  return {};
}

GemmTileGenerator::GemmTileGenerator(const KernelDescriptor &descriptor)
    : Generator(descriptor) {
  if (descriptor.op != KernelOp::GemmTile || descriptor.isa == Isa::Scalar)
    throw std::invalid_argument("not a vector GemmTile descriptor");
  GemmTileShape shape = gemmTileShape(descriptor.isa);
  int lanes = vectorWidthBytes() / 4;
  if (descriptor.tileRows != shape.rows ||
      descriptor.tileCols != shape.columnVectors * lanes || descriptor.mr < 1 ||
      descriptor.mr > shape.rows)
    throw std::invalid_argument("tile shape does not match the ISA");
  if (descriptor.avxVnni && descriptor.isa != Isa::Avx2)
    throw std::invalid_argument("avxVnni applies to the Avx2 level only");
  if (descriptor.extra[kBChainOffsetsExtra] &&
      descriptor.scaleMode != GemmScaleMode::Row)
    throw std::invalid_argument("B chain offsets need GemmScaleMode::Row");
  rows_ = descriptor.mr;
  columnVectors_ = shape.columnVectors;
  useDot_ = descriptor.isa == Isa::Avx512Vnni || descriptor.avxVnni;
}

void GemmTileGenerator::emit() {
  args_ = argument(0);
  for (Xbyak::Reg64 *reg :
       {&a_, &b_, &c_, &ldc_, &segments_, &numSegments_, &counter_, &rowScale_,
        &colScale_, &rowScaleStride_, &colScaleStride_, &aPanel_,
        &rowScalePanel_, &panelsLeft_})
    *reg = takeGpr();
  bBase_ = colScale_;
  bChainOffset_ = colScaleStride_;
  for (int i = 0; i < rows_ * columnVectors_; ++i) {
    intAcc_.push_back(takeVec());
    floatAcc_.push_back(takeVec());
  }
  for (int v = 0; v < columnVectors_; ++v)
    bVec_.push_back(takeVec());
  aVec_ = takeVec();
  tmp_ = takeVec();

  prologue();

  step("load arguments");
  mov(aPanel_, field(offsetof(GemmTileArgs, a)));
  mov(c_, field(offsetof(GemmTileArgs, c)));
  mov(ldc_, field(offsetof(GemmTileArgs, ldcBytes)));
  mov(rowScalePanel_, field(offsetof(GemmTileArgs, rowScale)));
  mov(rowScaleStride_, field(offsetof(GemmTileArgs, rowScaleStrideBytes)));
  if (!bChainOffsets())
    mov(colScaleStride_, field(offsetof(GemmTileArgs, colScaleStrideBytes)));
  mov(panelsLeft_, field(offsetof(GemmTileArgs, rowPanels)));
  if (isAvx512())
    for (int v = 0; v < columnVectors_; ++v)
      kmovw(Xbyak::Opmask(v + 1),
            word[args_ + offsetof(GemmTileArgs, columnMasks) + 4 * v]);

  Xbyak::Label panelLoop;
  L(panelLoop);
  step("start tile");
  mov(a_, aPanel_);
  mov(rowScale_, rowScalePanel_);
  mov(b_, field(offsetof(GemmTileArgs, b)));
  mov(segments_, field(offsetof(GemmTileArgs, segmentPairs)));
  mov(numSegments_, field(offsetof(GemmTileArgs, numSegments)));
  if (bChainOffsets()) {
    mov(bBase_, b_);
    mov(bChainOffset_, field(offsetof(GemmTileArgs, bChainOffsets)));
  } else {
    mov(colScale_, field(offsetof(GemmTileArgs, colScale)));
  }
  loadOrZeroAccumulators();
  emitChainLoop();
  storeAccumulators();
  step("next tile");
  add(aPanel_, field(offsetof(GemmTileArgs, aPanelStrideBytes)));
  add(c_, field(offsetof(GemmTileArgs, cPanelStrideBytes)));
  add(rowScalePanel_, field(offsetof(GemmTileArgs, rowScalePanelStrideBytes)));
  dec(panelsLeft_);
  jnz(panelLoop, T_NEAR);

  epilogue();
}

int64_t GemmTileGenerator::bPairStrideBytes() const {
  const int64_t stride = descriptor().extra[kBPairStrideExtra];
  return stride ? stride : int64_t(descriptor().tileCols) * kBytesPerPair;
}

int64_t GemmTileGenerator::aPairStrideBytes() const {
  const int64_t stride = descriptor().extra[kAPairStrideExtra];
  return stride ? stride : int64_t(descriptor().tileRows) * kBytesPerPair;
}

bool GemmTileGenerator::bChainOffsets() const {
  return descriptor().extra[kBChainOffsetsExtra] != 0;
}

int64_t GemmTileGenerator::aRowStrideBytes() const {
  const int64_t stride = descriptor().extra[kARowStrideExtra];
  return stride ? stride : kBytesPerPair;
}

Xbyak::Address GemmTileGenerator::field(size_t offset) {
  return qword[args_ + offset];
}

void GemmTileGenerator::emitChainLoop() {
  step("chain loop");
  const int64_t rowBytes = aPairStrideBytes();
  const int64_t colBytes = bPairStrideBytes();
  Xbyak::Label chainLoop, unrolledLoop, remainderLoop, flush;
  L(chainLoop);
  if (bChainOffsets()) {
    mov(b_, bBase_);
    add(b_, qword[bChainOffset_]);
    add(bChainOffset_, 8);
  }
  movsxd(counter_, dword[segments_]);
  for (const Xbyak::Xmm &acc : intAcc_)
    zeroVec(acc);
  L(unrolledLoop);
  cmp(counter_, kPairUnroll);
  jl(remainderLoop, T_NEAR);
  emitPairProducts(kPairUnroll);
  add(a_, kPairUnroll * rowBytes);
  add(b_, kPairUnroll * colBytes);
  sub(counter_, kPairUnroll);
  jmp(unrolledLoop, T_NEAR);
  L(remainderLoop);
  test(counter_, counter_);
  jz(flush, T_NEAR);
  emitPairProducts(1);
  add(a_, rowBytes);
  add(b_, colBytes);
  dec(counter_);
  jmp(remainderLoop, T_NEAR);
  L(flush);
  emitFlush();
  add(rowScale_, rowScaleStride_);
  if (!bChainOffsets())
    add(colScale_, colScaleStride_);
  add(segments_, 4);
  dec(numSegments_);
  jnz(chainLoop, T_NEAR);
}

void GemmTileGenerator::emitPairProducts(int unroll) {
  const int64_t rowBytes = aPairStrideBytes();
  const int64_t colBytes = bPairStrideBytes();
  const int vecBytes = vectorWidthBytes();
  for (int u = 0; u < unroll; ++u) {
    for (int v = 0; v < columnVectors_; ++v) {
      auto source = ptr[b_ + u * colBytes + v * vecBytes];
      if (isAvx512())
        vmovdqu32(bVec_[v], source);
      else
        vmovdqu(bVec_[v], source);
    }
    for (int i = 0; i < rows_; ++i) {
      int64_t aOffset = u * rowBytes + i * aRowStrideBytes();
      vpbroadcastd(aVec_, dword[a_ + aOffset]);
      if (isa() == Isa::Avx512Vnni) {
        for (int v = 0; v < columnVectors_; ++v)
          vpdpwssd(intAcc_[i * columnVectors_ + v], bVec_[v], aVec_);
        continue;
      }
      for (int v = 0; v < columnVectors_; ++v) {
        const Xbyak::Xmm &acc = intAcc_[i * columnVectors_ + v];
        if (useDot_) {
          vpdpwssd(acc, bVec_[v], aVec_, Xbyak::VexEncoding);
        } else {
          vpmaddwd(tmp_, bVec_[v], aVec_);
          vpaddd(acc, acc, tmp_);
        }
      }
    }
  }
}

void GemmTileGenerator::emitFlush() {
  // acc = fma(float(chainSum), scale, acc): the scale is exactly
  // 2^(ea + eb) (see GemmScaleMode), so the bits match dfp::matmul's fmaf.
  const int vecBytes = vectorWidthBytes();
  GemmScaleMode mode = descriptor().scaleMode;
  if (mode != GemmScaleMode::Row)
    for (int v = 0; v < columnVectors_; ++v)
      vmovups(bVec_[v], ptr[colScale_ + v * vecBytes]);
  // AVX-512 row scales are broadcast by the FMAs' memory operands.
  const bool broadcastOperand = mode == GemmScaleMode::Row && isAvx512();
  for (int i = 0; i < rows_; ++i) {
    if (mode != GemmScaleMode::Column && !broadcastOperand)
      vbroadcastss(aVec_, dword[rowScale_ + i * 4]);
    for (int v = 0; v < columnVectors_; ++v) {
      const Xbyak::Xmm &sum = intAcc_[i * columnVectors_ + v];
      const Xbyak::Xmm &acc = floatAcc_[i * columnVectors_ + v];
      vcvtdq2ps(sum, sum);
      switch (mode) {
      case GemmScaleMode::Column:
        vfmadd231ps(acc, sum, bVec_[v]);
        break;
      case GemmScaleMode::Row:
        if (broadcastOperand)
          vfmadd231ps(acc, sum, ptr_b[rowScale_ + i * 4]);
        else
          vfmadd231ps(acc, sum, aVec_);
        break;
      case GemmScaleMode::RowColumn:
        vmulps(tmp_, aVec_, bVec_[v]);
        vfmadd231ps(acc, sum, tmp_);
        break;
      }
    }
  }
}

void GemmTileGenerator::loadOrZeroAccumulators() {
  step("load or zero accumulators");
  Xbyak::Label zero, done;
  cmp(field(offsetof(GemmTileArgs, accumulate)), 0);
  je(zero, T_NEAR);
  mov(counter_, c_);
  for (int i = 0; i < rows_; ++i) {
    for (int v = 0; v < columnVectors_; ++v) {
      const Xbyak::Xmm &acc = floatAcc_[i * columnVectors_ + v];
      auto source = ptr[counter_ + v * vectorWidthBytes()];
      if (isAvx512())
        vmovups(acc | Xbyak::Opmask(v + 1) | T_z, source);
      else
        vmovups(acc, source);
    }
    add(counter_, ldc_);
  }
  jmp(done, T_NEAR);
  L(zero);
  for (const Xbyak::Xmm &acc : floatAcc_)
    zeroVec(acc);
  L(done);
}

void GemmTileGenerator::storeAccumulators() {
  step("store C");
  mov(counter_, c_);
  for (int i = 0; i < rows_; ++i) {
    for (int v = 0; v < columnVectors_; ++v) {
      const Xbyak::Xmm &acc = floatAcc_[i * columnVectors_ + v];
      auto target = ptr[counter_ + v * vectorWidthBytes()];
      if (isAvx512())
        vmovups(target | Xbyak::Opmask(v + 1), acc);
      else
        vmovups(target, acc);
    }
    if (i + 1 < rows_)
      add(counter_, ldc_);
  }
}

} // namespace dfp::jit::x64
