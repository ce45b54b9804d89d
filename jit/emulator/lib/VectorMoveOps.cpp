#include "HandlerTable.h"
#include "Lanes.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace dfp::emu {
namespace {

using dfp::Status;

/// vmovdqa*/vmovap*/vmovntdq fault on a misaligned memory operand; so do we.
Status checkAlignment(Exec &e) {
  for (unsigned i = 0; i < 2; ++i)
    if (e.isMemory(i) && e.effectiveAddress(i) % e.bytes(i) != 0)
      return e.error("misaligned memory operand of an aligned move");
  return Status::success();
}

template <typename T, bool Aligned> Status move(Exec &e) {
  if (Aligned)
    if (Status status = checkAlignment(e); !status.ok())
      return status;
  return unaryLanes<T>(e, identity<T>);
}

/// vmovd/vmovq: between the low element of an xmm and a GPR or memory; a vector
/// destination is zeroed above the element.
template <typename T> Status moveLowElement(Exec &e) {
  uint64_t value =
      e.isVectorRegister(1) ? e.readVec(1).get<T>(0) : e.readInt(1);
  if (!e.isVectorRegister(0)) {
    e.writeInt(0, value);
    return Status::success();
  }
  Vec result;
  result.set<T>(0, T(value));
  e.writeVecLanes(0, result, sizeof(T), 1);
  return Status::success();
}

/// vmovss/vmovsd: load (upper lanes zeroed), store, or register merge
/// (upper lanes of the first source).
template <typename T> Status moveScalar(Exec &e) {
  if (e.isMemory(0)) {
    Vec value = e.readVec(1);
    e.writeVecLanes(0, value, sizeof(T), 1);
    return Status::success();
  }
  Vec result;
  if (e.operandCount() == 3) {
    result = e.readVec(1);
    std::memset(result.bytes + 16, 0, kVectorBytes - 16);
    result.set<T>(0, e.readVec(2).get<T>(0));
  } else {
    result.set<T>(0, e.readVec(1, sizeof(T)).get<T>(0));
  }
  e.writeVecLanes(0, result, sizeof(T), 1);
  return Status::success();
}

/// vpbroadcast*/vbroadcasts*: one element (from an xmm, memory or a GPR) to all
/// lanes.
template <typename T> Status broadcastElement(Exec &e) {
  T value = e.isVectorRegister(1) ? e.readVec(1).get<T>(0) : T(e.readInt(1));
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane, value);
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vbroadcast{i,f}{128,32x4,64x2,32x8,64x4}: a block of op1 repeated; T is the
/// masking granularity.
template <typename T> Status broadcastBlock(Exec &e) {
  unsigned block = e.bytes(1);
  Vec source = e.readVec(1);
  Vec result;
  for (unsigned offset = 0; offset < e.bytes(0); offset += block)
    std::memcpy(result.bytes + offset, source.bytes, block);
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vinsert*: op1 with the block at imm8 replaced by op2.
template <typename T> Status insertBlock(Exec &e) {
  unsigned block = e.bytes(2);
  unsigned index = unsigned(e.immediate(3)) % (e.bytes(0) / block);
  Vec result = e.readVec(1);
  Vec inserted = e.readVec(2);
  std::memcpy(result.bytes + index * block, inserted.bytes, block);
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vextract*: the block of op1 at imm8.
template <typename T> Status extractBlock(Exec &e) {
  unsigned block = e.bytes(0);
  unsigned index = unsigned(e.immediate(2)) % (e.bytes(1) / block);
  Vec source = e.readVec(1);
  Vec result;
  std::memcpy(result.bytes, source.bytes + index * block, block);
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vpmovsx*/vpmovzx*: From (signed for sign extension) widened to To.
template <typename From, typename To> Status extend(Exec &e) {
  Vec source = e.readVec(1, sizeof(From));
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(To); ++lane)
    result.set<To>(lane, To(source.get<From>(lane)));
  e.writeVec(0, result, sizeof(To));
  return Status::success();
}

enum class Narrowing { Truncate, SignedSaturate, UnsignedSaturate };

template <typename To, Narrowing Kind, typename From>
To narrowLane(From value) {
  using UTo = std::make_unsigned_t<To>;
  switch (Kind) {
  case Narrowing::Truncate:
    return To(value);
  case Narrowing::SignedSaturate:
    return To(std::clamp<int64_t>(
        int64_t(std::make_signed_t<From>(value)),
        std::numeric_limits<std::make_signed_t<To>>::min(),
        std::numeric_limits<std::make_signed_t<To>>::max()));
  case Narrowing::UnsignedSaturate:
    return To(std::min<uint64_t>(value, std::numeric_limits<UTo>::max()));
  }
  return To(value);
}

/// vpmov{,s,us}{qd,qw,qb,dw,db,wb}: narrowing stores to a register (zeroed
/// above) or to memory (only the selected elements are written).
template <typename From, typename To, Narrowing Kind> Status narrow(Exec &e) {
  unsigned lanes = e.bytes(1) / sizeof(From);
  Vec source = e.readVec(1);
  Vec result;
  for (unsigned lane = 0; lane < lanes; ++lane)
    result.set<To>(lane, narrowLane<To, Kind>(source.get<From>(lane)));
  e.writeVecLanes(0, result, sizeof(To), lanes);
  return Status::success();
}

/// vmovmskp*/vpmovmskb/vpmov*2m: the sign bit of each lane, to a GPR or opmask.
template <typename T> Status signBits(Exec &e) {
  Vec source = e.readVec(1);
  uint64_t bits = 0;
  for (unsigned lane = 0; lane < e.vectorBytes() / sizeof(T); ++lane)
    bits |= uint64_t(source.get<T>(lane) >> (8 * sizeof(T) - 1)) << lane;
  e.writeInt(0, bits);
  return Status::success();
}

/// vpmovm2*: all-ones lanes where the opmask bit is set.
template <typename T> Status maskToLanes(Exec &e) {
  uint64_t bits = e.readInt(1);
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane, (bits >> lane) & 1 ? T(~T(0)) : T(0));
  e.writeVec(0, result, 0);
  return Status::success();
}

/// vpmaskmov{d,q}/vmaskmovp{s,d} (AVX2 tails): the sign of each lane of the
/// mask vector selects it; unselected lanes are neither read (zero in a load)
/// nor written.
template <typename T> Status maskedMove(Exec &e) {
  using S = std::make_signed_t<T>;
  bool store = e.isMemory(0);
  Vec select = e.readVec(1);
  unsigned lanes = e.vectorBytes() / sizeof(T);
  unsigned memoryOperand = store ? 0 : 2;
  uint64_t base = e.effectiveAddress(memoryOperand);
  Vec source = store ? e.readVec(2) : Vec();
  Vec result;
  for (unsigned lane = 0; lane < lanes; ++lane) {
    if (S(select.get<T>(lane)) >= 0)
      continue;
    auto *address = reinterpret_cast<T *>(base + lane * sizeof(T));
    if (store)
      std::memcpy(address, source.bytes + lane * sizeof(T), sizeof(T));
    else
      std::memcpy(result.bytes + lane * sizeof(T), address, sizeof(T));
  }
  if (!store)
    e.writeVec(0, result, 0);
  return Status::success();
}

} // namespace

void registerVectorMoveOps(HandlerTable &table) {
  table.add(ZYDIS_MNEMONIC_VMOVDQU, move<uint64_t, false>);
  table.add(ZYDIS_MNEMONIC_VMOVDQA, move<uint64_t, true>);
  table.add(ZYDIS_MNEMONIC_VMOVDQU8, move<uint8_t, false>);
  table.add(ZYDIS_MNEMONIC_VMOVDQU16, move<uint16_t, false>);
  table.add(ZYDIS_MNEMONIC_VMOVDQU32, move<uint32_t, false>);
  table.add(ZYDIS_MNEMONIC_VMOVDQU64, move<uint64_t, false>);
  table.add(ZYDIS_MNEMONIC_VMOVDQA32, move<uint32_t, true>);
  table.add(ZYDIS_MNEMONIC_VMOVDQA64, move<uint64_t, true>);
  table.add(ZYDIS_MNEMONIC_VMOVUPS, move<uint32_t, false>);
  table.add(ZYDIS_MNEMONIC_VMOVAPS, move<uint32_t, true>);
  table.add(ZYDIS_MNEMONIC_VMOVUPD, move<uint64_t, false>);
  table.add(ZYDIS_MNEMONIC_VMOVAPD, move<uint64_t, true>);
  table.add(ZYDIS_MNEMONIC_VMOVNTDQ, move<uint64_t, true>);
  table.add(ZYDIS_MNEMONIC_VMOVNTPS, move<uint32_t, true>);
  table.add(ZYDIS_MNEMONIC_VPMASKMOVD, maskedMove<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPMASKMOVQ, maskedMove<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VMASKMOVPS, maskedMove<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VMASKMOVPD, maskedMove<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VMOVD, moveLowElement<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VMOVQ, moveLowElement<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VMOVSS, moveScalar<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VMOVSD, moveScalar<uint64_t>);

  table.add(ZYDIS_MNEMONIC_VPBROADCASTB, broadcastElement<uint8_t>);
  table.add(ZYDIS_MNEMONIC_VPBROADCASTW, broadcastElement<uint16_t>);
  table.add(ZYDIS_MNEMONIC_VPBROADCASTD, broadcastElement<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPBROADCASTQ, broadcastElement<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VBROADCASTSS, broadcastElement<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VBROADCASTSD, broadcastElement<uint64_t>);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_VBROADCASTI128, ZYDIS_MNEMONIC_VBROADCASTF128,
        ZYDIS_MNEMONIC_VBROADCASTI32X4, ZYDIS_MNEMONIC_VBROADCASTF32X4,
        ZYDIS_MNEMONIC_VBROADCASTI32X8, ZYDIS_MNEMONIC_VBROADCASTF32X8})
    table.add(m, broadcastBlock<uint32_t>);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_VBROADCASTI64X2, ZYDIS_MNEMONIC_VBROADCASTF64X2,
        ZYDIS_MNEMONIC_VBROADCASTI64X4, ZYDIS_MNEMONIC_VBROADCASTF64X4})
    table.add(m, broadcastBlock<uint64_t>);

  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_VINSERTI128, ZYDIS_MNEMONIC_VINSERTF128,
        ZYDIS_MNEMONIC_VINSERTI32X4, ZYDIS_MNEMONIC_VINSERTF32X4,
        ZYDIS_MNEMONIC_VINSERTI32X8, ZYDIS_MNEMONIC_VINSERTF32X8})
    table.add(m, insertBlock<uint32_t>);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_VINSERTI64X2, ZYDIS_MNEMONIC_VINSERTF64X2,
        ZYDIS_MNEMONIC_VINSERTI64X4, ZYDIS_MNEMONIC_VINSERTF64X4})
    table.add(m, insertBlock<uint64_t>);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_VEXTRACTI128, ZYDIS_MNEMONIC_VEXTRACTF128,
        ZYDIS_MNEMONIC_VEXTRACTI32X4, ZYDIS_MNEMONIC_VEXTRACTF32X4,
        ZYDIS_MNEMONIC_VEXTRACTI32X8, ZYDIS_MNEMONIC_VEXTRACTF32X8})
    table.add(m, extractBlock<uint32_t>);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_VEXTRACTI64X2, ZYDIS_MNEMONIC_VEXTRACTF64X2,
        ZYDIS_MNEMONIC_VEXTRACTI64X4, ZYDIS_MNEMONIC_VEXTRACTF64X4})
    table.add(m, extractBlock<uint64_t>);

  table.add(ZYDIS_MNEMONIC_VPMOVSXBW, extend<int8_t, int16_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVSXBD, extend<int8_t, int32_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVSXBQ, extend<int8_t, int64_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVSXWD, extend<int16_t, int32_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVSXWQ, extend<int16_t, int64_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVSXDQ, extend<int32_t, int64_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVZXBW, extend<uint8_t, uint16_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVZXBD, extend<uint8_t, uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVZXBQ, extend<uint8_t, uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVZXWD, extend<uint16_t, uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVZXWQ, extend<uint16_t, uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVZXDQ, extend<uint32_t, uint64_t>);

#define DFP_NARROWING(from, to, FromT, ToT)                                    \
  table.add(ZYDIS_MNEMONIC_VPMOV##from##to,                                    \
            narrow<FromT, ToT, Narrowing::Truncate>);                          \
  table.add(ZYDIS_MNEMONIC_VPMOVS##from##to,                                   \
            narrow<FromT, ToT, Narrowing::SignedSaturate>);                    \
  table.add(ZYDIS_MNEMONIC_VPMOVUS##from##to,                                  \
            narrow<FromT, ToT, Narrowing::UnsignedSaturate>)
  DFP_NARROWING(Q, D, uint64_t, uint32_t);
  DFP_NARROWING(Q, W, uint64_t, uint16_t);
  DFP_NARROWING(Q, B, uint64_t, uint8_t);
  DFP_NARROWING(D, W, uint32_t, uint16_t);
  DFP_NARROWING(D, B, uint32_t, uint8_t);
  DFP_NARROWING(W, B, uint16_t, uint8_t);
#undef DFP_NARROWING

  table.add(ZYDIS_MNEMONIC_VMOVMSKPS, signBits<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VMOVMSKPD, signBits<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVMSKB, signBits<uint8_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVB2M, signBits<uint8_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVW2M, signBits<uint16_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVD2M, signBits<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVQ2M, signBits<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVM2B, maskToLanes<uint8_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVM2W, maskToLanes<uint16_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVM2D, maskToLanes<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPMOVM2Q, maskToLanes<uint64_t>);
}

} // namespace dfp::emu
