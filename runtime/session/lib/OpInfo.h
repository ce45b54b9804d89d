#ifndef DFP_RUNTIME_SESSION_OPINFO_H
#define DFP_RUNTIME_SESSION_OPINFO_H

#include "dfp/Dialect/Dfp/IR/DfpAttrs.h"
#include "dfp/Dialect/Dfp/IR/DfpTypes.h"
#include "dfp/conv/Conv.h"
#include "dfp/reference/Status.h"

#include "mlir/IR/Operation.h"

#include <optional>
#include <string>
#include <vector>

namespace dfp::runtime::session {

/// What the executor reads off Dfp ops and types.
conv::ConvDirection directionOf(mlir::Operation *convOp);
/// x [N, C, H, W], w [K, C/g, R, S] and the attributes of a conv op.
Conv2dShape convShapeOf(mlir::Operation *convOp);
std::optional<uint64_t> chainOf(mlir::Operation *contraction);
std::vector<int64_t> shapeOf(mlir::Value value);
int64_t elementsOf(mlir::Value value);
DfpFormat formatOf(mlir::dfp::DfpTensorType type);
Rounding roundingOf(mlir::dfp::RoundingMode mode);

/// "loc: 'dfp.op'", the prefix of every error about an op.
std::string describe(mlir::Operation *op);
Status opError(mlir::Operation *op, const std::string &message);
/// `status` with `where` in front (success unchanged).
Status located(const std::string &where, Status status);

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_OPINFO_H
