#ifndef DFP_EMULATOR_LANES_H
#define DFP_EMULATOR_LANES_H

#include "Exec.h"

#include <type_traits>

namespace dfp::emu {

/// Generic lane-wise instruction shapes. Operand 0 is the destination; memory
/// sources honour embedded broadcast and masked fault suppression, the
/// destination honours write masking, all at the granularity of T.

/// op0 = fn(op1)
template <typename T, typename Fn> dfp::Status unaryLanes(Exec &e, Fn fn) {
  Vec a = e.readVec(1, sizeof(T));
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane, fn(a.get<T>(lane)));
  e.writeVec(0, result, sizeof(T));
  return dfp::Status::success();
}

/// op0 = fn(op1, op2)
template <typename T, typename Fn> dfp::Status binaryLanes(Exec &e, Fn fn) {
  Vec a = e.readVec(1, sizeof(T));
  Vec b = e.readVec(2, sizeof(T));
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane, fn(a.get<T>(lane), b.get<T>(lane)));
  e.writeVec(0, result, sizeof(T));
  return dfp::Status::success();
}

/// op0 = fn(op0, op1, op2): accumulating forms (vpdpwssd, FMA, vpternlog).
template <typename T, typename Fn> dfp::Status ternaryLanes(Exec &e, Fn fn) {
  Vec d = e.readVec(0);
  Vec a = e.readVec(1, sizeof(T));
  Vec b = e.readVec(2, sizeof(T));
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane, fn(d.get<T>(lane), a.get<T>(lane), b.get<T>(lane)));
  e.writeVec(0, result, sizeof(T));
  return dfp::Status::success();
}

/// Lane-wise predicate of op1 and op2: into an opmask (EVEX, ANDed with the
/// write mask) or as all-ones/all-zeros lanes of a vector (VEX).
template <typename T, typename Pred>
dfp::Status compareLanes(Exec &e, Pred pred) {
  Vec a = e.readVec(1, sizeof(T));
  Vec b = e.readVec(2, sizeof(T));
  unsigned lanes = e.vectorBytes() / sizeof(T);
  if (e.isMaskRegister(0)) {
    uint64_t bits = 0;
    for (unsigned lane = 0; lane < lanes; ++lane)
      if (pred(a.get<T>(lane), b.get<T>(lane)))
        bits |= uint64_t(1) << lane;
    e.maskRegister(0) = bits & e.writeMask();
    return dfp::Status::success();
  }
  using Bits = std::make_unsigned_t<T>;
  Vec result;
  for (unsigned lane = 0; lane < lanes; ++lane)
    result.set<Bits>(lane, pred(a.get<T>(lane), b.get<T>(lane)) ? Bits(~Bits(0))
                                                                : Bits(0));
  e.writeVec(0, result, sizeof(T));
  return dfp::Status::success();
}

/// Handlers from plain functions, for table entries.
template <typename T, T (*Fn)(T)> dfp::Status unary(Exec &e) {
  return unaryLanes<T>(e, Fn);
}
template <typename T, T (*Fn)(T, T)> dfp::Status binary(Exec &e) {
  return binaryLanes<T>(e, Fn);
}
template <typename T, T (*Fn)(T, T, T)> dfp::Status ternary(Exec &e) {
  return ternaryLanes<T>(e, Fn);
}

/// Element-wise copy (moves), masked at the granularity of T.
template <typename T> T identity(T value) { return value; }

} // namespace dfp::emu

#endif // DFP_EMULATOR_LANES_H
