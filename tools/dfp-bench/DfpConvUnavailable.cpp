#include "DfpConv.h"

namespace dfp::bench {

ContenderOrReason makeDfpConv(const ConvShape &, ConvDirection, jit::Isa, int,
                              bool) {
  ContenderOrReason result;
  result.unavailableReason =
      "dfpc DFP16 convolution kernels not available yet (issue 5)";
  return result;
}

} // namespace dfp::bench
