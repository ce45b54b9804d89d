#ifndef DFP_BENCH_CONTENDER_H
#define DFP_BENCH_CONTENDER_H

#include "dfp/reference/Status.h"

#include <memory>
#include <string>
#include <vector>

namespace dfp::bench {

/// One side of a comparison. Everything that is not part of the measured
/// operation (allocation, primitive creation, layout reorders, packing of
/// pre-quantized operands) happens in prepare(); run() is the timed work.
class Contender {
public:
  virtual ~Contender() = default;
  virtual Status prepare() = 0;
  virtual Status run() = 0;
  /// The result of the last run() in a layout both sides of a comparison
  /// share (row-major for GEMM), or null when it is not comparable.
  virtual const std::vector<float> *output() const { return nullptr; }
};

/// A contender, or why there is none (e.g. a kernel not built yet).
struct ContenderOrReason {
  std::unique_ptr<Contender> contender;
  std::string unavailableReason;
};

} // namespace dfp::bench

#endif // DFP_BENCH_CONTENDER_H
