#include "KernelSet.h"

#include "dfp/reference/Philox.h"
#include "dfp/reference/Quantize.h"

#include <algorithm>
#include <cstring>

namespace dfp::quant {

namespace {

uint32_t magnitudeBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits & 0x7fffffffu;
}

class ScalarKernels final : public KernelSet {
public:
  ScalarKernels(int magBits, Rounding rounding)
      : magBits_(magBits), rounding_(rounding) {}

  Status max(WorkItem::Shape shape, const MaxArgs &args) const override {
    bool runs = shape == WorkItem::Shape::Runs;
    for (int64_t k = 0; k < args.count; ++k) {
      const float *row = args.x + k * args.stride;
      if (runs)
        args.out[k] = 0;
      for (int64_t j = 0; j < args.length; ++j) {
        uint32_t &slot = args.out[runs ? k : j];
        slot = std::max(slot, magnitudeBits(row[j]));
      }
    }
    return Status::success();
  }

  Status convert(WorkItem::Shape shape,
                 const ConvertArgs &args) const override {
    StochasticSeed seed{args.seed, uint32_t(args.streamStep),
                        uint32_t(args.streamStep >> 32)};
    bool runs = shape == WorkItem::Shape::Runs;
    for (int64_t k = 0; k < args.count; ++k) {
      uint64_t rowIndex = args.firstIndex + uint64_t(k * args.stride);
      for (int64_t j = 0; j < args.length; ++j) {
        int64_t offset = k * args.stride + j;
        int32_t exponent = args.exponents[runs ? k : j];
        float y = scaleByExponent(args.x[offset], exponent);
        uint32_t bits = rounding_ == Rounding::Stochastic
                            ? stochasticBits(seed, rowIndex + uint64_t(j))
                            : 0;
        args.out[offset] = int16_t(roundAndClamp(y, rounding_, bits, magBits_));
      }
    }
    return Status::success();
  }

private:
  int magBits_;
  Rounding rounding_;
};

} // namespace

std::unique_ptr<KernelSet> makeScalarKernels(int magBits, Rounding rounding) {
  return std::make_unique<ScalarKernels>(magBits, rounding);
}

} // namespace dfp::quant
