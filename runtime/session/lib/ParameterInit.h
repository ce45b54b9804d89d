#ifndef DFP_RUNTIME_SESSION_PARAMETERINIT_H
#define DFP_RUNTIME_SESSION_PARAMETERINIT_H

#include "dfp/reference/Status.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>
#include <vector>

namespace dfp::runtime::session {

/// Initial values of the forward argument `index` (a dfp.param or
/// dfp.state): its dfp.initial_value attribute when present, else what
/// PyTorch gives the layer it feeds: Kaiming-uniform (a = sqrt(5), i.e.
/// U(-1/sqrt(fanIn), 1/sqrt(fanIn))) for conv filters and matmul weights and
/// the same bound for a bias after them, 1 for batch-norm scales and running
/// variances, 0 for batch-norm biases and running means. Random draws come
/// from `random` (one generator over all parameters, in argument order, so
/// the same seed gives the same values). Errors name the argument.
Status initialValue(mlir::func::FuncOp forward, unsigned index,
                    uint64_t &random, std::vector<float> &values);

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_PARAMETERINIT_H
