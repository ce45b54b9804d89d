#ifndef DFP_REGISTRATION_INITALLDIALECTS_H
#define DFP_REGISTRATION_INITALLDIALECTS_H

namespace mlir {
class DialectRegistry;

namespace dfp {

/// Registers the Dfp dialect, the upstream dialects dfpc's pipelines lower
/// through (func, arith, math, tensor, linalg, memref, scf, cf, affine,
/// vector, bufferization, LLVM, ...) and the interface models those
/// pipelines need (bufferization, conversion to LLVM, inlining).
void registerAllDialects(DialectRegistry &registry);

} // namespace dfp
} // namespace mlir

#endif // DFP_REGISTRATION_INITALLDIALECTS_H
