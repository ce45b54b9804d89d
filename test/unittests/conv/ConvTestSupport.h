#ifndef DFP_TEST_CONV_CONVTESTSUPPORT_H
#define DFP_TEST_CONV_CONVTESTSUPPORT_H

#include "dfp/conv/Conv.h"

#include <ostream>
#include <string>
#include <vector>

namespace dfp::conv::test {

/// Exponent groupings of (x, w, dy):
///   Tensor:      one exponent each;
///   PerImage:    x and dy per image, w per filter (rows of the GEMMs);
///   PerChannel:  x, dy per channel, w per input channel (chains of one
///                product in fwd / bwd-data; bwd-filter runs the reference);
///   FilterBlock: w in blocks of 2 along its input channels (chains cut
///                there), x, dy per tensor;
///   InputBlock:  x in blocks along C (varies along H, W: the reference path);
///   GradientPerChannel: dy per channel (rows of the packed backward-filter,
///                chains of one product in backward-data), x and w per tensor.
enum class Grouping {
  Tensor,
  PerImage,
  PerChannel,
  FilterBlock,
  InputBlock,
  GradientPerChannel
};
/// Random: uniform in +-(2^M - 1); Edge: +-(2^M - 1) and 0, plus -32768 in x.
enum class Values { Random, Edge };

struct ConvCase {
  Conv2dShape shape;
  int magActivation = 13, magFilter = 13;
  Grouping grouping = Grouping::Tensor;
  Values values = Values::Random;
  int64_t chain = 0; ///< 0: the longest the operands' true ranges allow

  std::string name() const;
};

inline void PrintTo(const ConvCase &c, std::ostream *os) { *os << c.name(); }

/// Operands and the reference results of all three directions, built once
/// per case.
struct ConvProblem {
  QuantizedTensor x, w, dy;
  int64_t chainForward = 0, chainBackwardData = 0, chainBackwardFilter = 0;
  std::vector<float> y, dx, dw;
};

const ConvProblem &problemFor(const ConvCase &c);

struct Backend {
  jit::Isa isa = jit::Isa::Scalar;
  jit::ExecutionMode mode = jit::ExecutionMode::Auto;
  bool avxVnni = false;

  std::string name() const;
  bool available() const;
  ConvOptions options(int threads) const;
};

inline void PrintTo(const Backend &b, std::ostream *os) { *os << b.name(); }

/// The vector levels (with AVX2's AVX-VNNI variant) in `mode`.
std::vector<Backend> vectorBackends(jit::ExecutionMode mode);

/// Shorthand for geometry in test tables.
Conv2dShape makeShape(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
                      int64_t r, int64_t s, int64_t stride = 1, int64_t pad = 0,
                      int64_t dilation = 1, int64_t groups = 1);

} // namespace dfp::conv::test

#endif // DFP_TEST_CONV_CONVTESTSUPPORT_H
