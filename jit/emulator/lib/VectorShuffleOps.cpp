#include "HandlerTable.h"
#include "Lanes.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace dfp::emu {
namespace {

using dfp::Status;

constexpr unsigned kBlockBytes = 16;

template <typename T> constexpr unsigned perBlock() {
  return kBlockBytes / sizeof(T);
}

/// Builds op0 from op1, op2 (if a vector) and imm8 (if any) one 128-bit block
/// at a time: fn(a, b, imm, first, result) fills the T lanes [first, first +
/// 16/sizeof(T)).
template <typename T, typename Fn> Status byBlock(Exec &e, Fn fn) {
  Vec a = e.readVec(1);
  bool hasSecondVector = e.operandCount() > 2 && !e.isImmediate(2);
  Vec b = hasSecondVector ? e.readVec(2) : Vec();
  unsigned last = e.operandCount() - 1;
  unsigned imm = e.isImmediate(last) ? unsigned(e.immediate(last) & 0xff) : 0;
  Vec result;
  for (unsigned first = 0; first < e.bytes(0) / sizeof(T);
       first += perBlock<T>())
    fn(a, b, imm, first, result);
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

Status pshufd(Exec &e) {
  return byBlock<uint32_t>(
      e, [](const Vec &a, const Vec &, unsigned imm, unsigned first, Vec &r) {
        for (unsigned i = 0; i < 4; ++i)
          r.set<uint32_t>(first + i,
                          a.get<uint32_t>(first + ((imm >> (2 * i)) & 3)));
      });
}

template <unsigned Half> Status pshufWordHalf(Exec &e) {
  return byBlock<uint16_t>(e, [](const Vec &a, const Vec &, unsigned imm,
                                 unsigned first, Vec &r) {
    for (unsigned i = 0; i < 8; ++i)
      r.set<uint16_t>(first + i, a.get<uint16_t>(first + i));
    unsigned base = first + 4 * Half;
    for (unsigned i = 0; i < 4; ++i)
      r.set<uint16_t>(base + i, a.get<uint16_t>(base + ((imm >> (2 * i)) & 3)));
  });
}

Status pshufb(Exec &e) {
  return byBlock<uint8_t>(e, [](const Vec &a, const Vec &b, unsigned,
                                unsigned first, Vec &r) {
    for (unsigned i = 0; i < 16; ++i) {
      uint8_t index = b.get<uint8_t>(first + i);
      r.set<uint8_t>(first + i,
                     index & 0x80 ? 0 : a.get<uint8_t>(first + (index & 15)));
    }
  });
}

Status shufps(Exec &e) {
  return byBlock<uint32_t>(
      e, [](const Vec &a, const Vec &b, unsigned imm, unsigned first, Vec &r) {
        for (unsigned i = 0; i < 4; ++i) {
          const Vec &from = i < 2 ? a : b;
          r.set<uint32_t>(first + i,
                          from.get<uint32_t>(first + ((imm >> (2 * i)) & 3)));
        }
      });
}

/// vpunpck{l,h}*: interleave the low (High = 0) or high halves of each block.
template <typename T, unsigned High> Status unpack(Exec &e) {
  return byBlock<T>(
      e, [](const Vec &a, const Vec &b, unsigned, unsigned first, Vec &r) {
        constexpr unsigned half = perBlock<T>() / 2;
        for (unsigned i = 0; i < half; ++i) {
          r.set<T>(first + 2 * i, a.get<T>(first + High * half + i));
          r.set<T>(first + 2 * i + 1, b.get<T>(first + High * half + i));
        }
      });
}

/// vpack{ss,us}{dw,wb}: saturate each block of op1 then of op2 to the
/// narrower type (From is read as signed).
template <typename From, typename To> Status pack(Exec &e) {
  return byBlock<To>(e, [](const Vec &a, const Vec &b, unsigned, unsigned first,
                           Vec &r) {
    constexpr unsigned count = perBlock<From>();
    unsigned sourceFirst = first / 2;
    for (unsigned i = 0; i < 2 * count; ++i) {
      const Vec &from = i < count ? a : b;
      int64_t value = from.get<From>(sourceFirst + i % count);
      r.set<To>(first + i,
                To(std::clamp<int64_t>(value, std::numeric_limits<To>::min(),
                                       std::numeric_limits<To>::max())));
    }
  });
}

Status palignr(Exec &e) {
  return byBlock<uint8_t>(
      e, [](const Vec &a, const Vec &b, unsigned imm, unsigned first, Vec &r) {
        for (unsigned i = 0; i < 16; ++i) {
          unsigned index = imm + i;
          uint8_t value = index < 16   ? b.get<uint8_t>(first + index)
                          : index < 32 ? a.get<uint8_t>(first + index - 16)
                                       : 0;
          r.set<uint8_t>(first + i, value);
        }
      });
}

/// vpslldq (Left) / vpsrldq: byte shifts within each block.
template <bool Left> Status byteShift(Exec &e) {
  return byBlock<uint8_t>(e, [](const Vec &a, const Vec &, unsigned imm,
                                unsigned first, Vec &r) {
    for (unsigned i = 0; i < 16; ++i) {
      int source = Left ? int(i) - int(imm) : int(i + imm);
      r.set<uint8_t>(first + i, source >= 0 && source < 16
                                    ? a.get<uint8_t>(first + unsigned(source))
                                    : 0);
    }
  });
}

/// valignd/q: op1:op2 (op2 lowest) shifted right by imm8 elements.
template <typename T> Status align(Exec &e) {
  unsigned lanes = e.bytes(0) / sizeof(T);
  unsigned shift = unsigned(e.immediate(3)) & (lanes - 1);
  Vec a = e.readVec(1), b = e.readVec(2);
  Vec result;
  for (unsigned i = 0; i < lanes; ++i)
    result.set<T>(i, i + shift < lanes ? b.get<T>(i + shift)
                                       : a.get<T>(i + shift - lanes));
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vpermq/vpermpd with imm8: qwords selected within each 256-bit half.
Status permuteQwordsImmediate(Exec &e) {
  unsigned imm = unsigned(e.immediate(2));
  Vec a = e.readVec(1);
  Vec result;
  for (unsigned i = 0; i < e.bytes(0) / 8; ++i)
    result.set<uint64_t>(
        i, a.get<uint64_t>((i & ~3u) + ((imm >> (2 * (i & 3))) & 3)));
  e.writeVec(0, result, sizeof(uint64_t));
  return Status::success();
}

/// vperm{d,q,w,ps,pd}: op0[i] = op2[op1[i]] across the whole vector.
template <typename T> Status permute(Exec &e) {
  if (e.isImmediate(2))
    return permuteQwordsImmediate(e);
  unsigned lanes = e.bytes(0) / sizeof(T);
  Vec index = e.readVec(1), table = e.readVec(2);
  Vec result;
  for (unsigned i = 0; i < lanes; ++i)
    result.set<T>(i, table.get<T>(unsigned(index.get<T>(i)) & (lanes - 1)));
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vpermt2* (IndexInOp0 = false: op0 is the first table, op1 the indices) and
/// vpermi2* (op0 the indices, op1 the first table); op2 is the second table.
template <typename T, bool IndexInOp0> Status permuteTwoTables(Exec &e) {
  unsigned lanes = e.bytes(0) / sizeof(T);
  Vec first = IndexInOp0 ? e.readVec(1) : e.readVec(0);
  Vec index = IndexInOp0 ? e.readVec(0) : e.readVec(1);
  Vec second = e.readVec(2);
  Vec result;
  for (unsigned i = 0; i < lanes; ++i) {
    unsigned selector = unsigned(index.get<T>(i));
    const Vec &table = selector & lanes ? second : first;
    result.set<T>(i, table.get<T>(selector & (lanes - 1)));
  }
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

Status permute2x128(Exec &e) {
  unsigned imm = unsigned(e.immediate(3));
  Vec a = e.readVec(1), b = e.readVec(2);
  Vec result;
  for (unsigned half = 0; half < 2; ++half) {
    unsigned control = imm >> (4 * half);
    if (control & 8)
      continue;
    const Vec &from = control & 2 ? b : a;
    std::memcpy(result.bytes + 16 * half, from.bytes + 16 * (control & 1), 16);
  }
  e.writeVec(0, result, 0);
  return Status::success();
}

/// vshuf{i,f}{32x4,64x2}: the lower half of the blocks from op1, the upper from
/// op2, each chosen by an imm8 field.
template <typename T> Status shuffleBlocks(Exec &e) {
  unsigned imm = unsigned(e.immediate(3));
  unsigned blocks = e.bytes(0) / kBlockBytes;
  unsigned fieldBits = blocks == 4 ? 2 : 1;
  Vec a = e.readVec(1), b = e.readVec(2);
  Vec result;
  for (unsigned block = 0; block < blocks; ++block) {
    unsigned select = (imm >> (fieldBits * block)) & ((1u << fieldBits) - 1);
    const Vec &from = block < blocks / 2 ? a : b;
    std::memcpy(result.bytes + kBlockBytes * block,
                from.bytes + kBlockBytes * select, kBlockBytes);
  }
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

} // namespace

void registerVectorShuffleOps(HandlerTable &table) {
  table.add(ZYDIS_MNEMONIC_VPSHUFD, pshufd);
  table.add(ZYDIS_MNEMONIC_VPSHUFLW, pshufWordHalf<0>);
  table.add(ZYDIS_MNEMONIC_VPSHUFHW, pshufWordHalf<1>);
  table.add(ZYDIS_MNEMONIC_VPSHUFB, pshufb);
  table.add(ZYDIS_MNEMONIC_VSHUFPS, shufps);

  table.add(ZYDIS_MNEMONIC_VPUNPCKLBW, unpack<uint8_t, 0>);
  table.add(ZYDIS_MNEMONIC_VPUNPCKHBW, unpack<uint8_t, 1>);
  table.add(ZYDIS_MNEMONIC_VPUNPCKLWD, unpack<uint16_t, 0>);
  table.add(ZYDIS_MNEMONIC_VPUNPCKHWD, unpack<uint16_t, 1>);
  table.add(ZYDIS_MNEMONIC_VPUNPCKLDQ, unpack<uint32_t, 0>);
  table.add(ZYDIS_MNEMONIC_VPUNPCKHDQ, unpack<uint32_t, 1>);
  table.add(ZYDIS_MNEMONIC_VPUNPCKLQDQ, unpack<uint64_t, 0>);
  table.add(ZYDIS_MNEMONIC_VPUNPCKHQDQ, unpack<uint64_t, 1>);
  table.add(ZYDIS_MNEMONIC_VUNPCKLPS, unpack<uint32_t, 0>);
  table.add(ZYDIS_MNEMONIC_VUNPCKHPS, unpack<uint32_t, 1>);
  table.add(ZYDIS_MNEMONIC_VUNPCKLPD, unpack<uint64_t, 0>);
  table.add(ZYDIS_MNEMONIC_VUNPCKHPD, unpack<uint64_t, 1>);

  table.add(ZYDIS_MNEMONIC_VPACKSSDW, pack<int32_t, int16_t>);
  table.add(ZYDIS_MNEMONIC_VPACKUSDW, pack<int32_t, uint16_t>);
  table.add(ZYDIS_MNEMONIC_VPACKSSWB, pack<int16_t, int8_t>);
  table.add(ZYDIS_MNEMONIC_VPACKUSWB, pack<int16_t, uint8_t>);

  table.add(ZYDIS_MNEMONIC_VPALIGNR, palignr);
  table.add(ZYDIS_MNEMONIC_VPSLLDQ, byteShift<true>);
  table.add(ZYDIS_MNEMONIC_VPSRLDQ, byteShift<false>);
  table.add(ZYDIS_MNEMONIC_VALIGND, align<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VALIGNQ, align<uint64_t>);

  table.add(ZYDIS_MNEMONIC_VPERMQ, permute<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPERMPD, permute<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPERMD, permute<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPERMPS, permute<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPERMW, permute<uint16_t>);
  table.add(ZYDIS_MNEMONIC_VPERMT2W, permuteTwoTables<uint16_t, false>);
  table.add(ZYDIS_MNEMONIC_VPERMT2D, permuteTwoTables<uint32_t, false>);
  table.add(ZYDIS_MNEMONIC_VPERMT2Q, permuteTwoTables<uint64_t, false>);
  table.add(ZYDIS_MNEMONIC_VPERMT2PS, permuteTwoTables<uint32_t, false>);
  table.add(ZYDIS_MNEMONIC_VPERMI2W, permuteTwoTables<uint16_t, true>);
  table.add(ZYDIS_MNEMONIC_VPERMI2D, permuteTwoTables<uint32_t, true>);
  table.add(ZYDIS_MNEMONIC_VPERMI2Q, permuteTwoTables<uint64_t, true>);
  table.add(ZYDIS_MNEMONIC_VPERMI2PS, permuteTwoTables<uint32_t, true>);
  table.add(ZYDIS_MNEMONIC_VPERM2I128, permute2x128);
  table.add(ZYDIS_MNEMONIC_VPERM2F128, permute2x128);
  table.add(ZYDIS_MNEMONIC_VSHUFI32X4, shuffleBlocks<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VSHUFF32X4, shuffleBlocks<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VSHUFI64X2, shuffleBlocks<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VSHUFF64X2, shuffleBlocks<uint64_t>);
}

} // namespace dfp::emu
