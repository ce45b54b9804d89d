#ifndef DFP_BENCH_DFPCONV_H
#define DFP_BENCH_DFPCONV_H

#include "Contender.h"
#include "Shapes.h"
#include "dfp/jit/Isa.h"

namespace dfp::bench {

/// dfpc DFP16 convolution in `direction`, the counterpart of makeOneDnnConv.
ContenderOrReason makeDfpConv(const ConvShape &shape, ConvDirection direction,
                              jit::Isa isa, int threads, bool quantizeIncluded);

} // namespace dfp::bench

#endif // DFP_BENCH_DFPCONV_H
