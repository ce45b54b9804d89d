#ifndef DFP_COMPILER_CONVERSION_PATTERNS_H
#define DFP_COMPILER_CONVERSION_PATTERNS_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/OneToNTypeConversion.h"

namespace mlir::dfp {

/// Marks the i1 value of a lowered dfp.quantize that is true when its input
/// held NaN or Inf; convert-dfp-to-linalg ORs them into a trailing i1 result
/// of the enclosing function.
inline constexpr llvm::StringLiteral kNonFiniteStatusAttrName =
    "dfp.nonfinite_status";

/// dfp.quantize and dfp.dequantize on decomposed DFP values.
void populateQuantizeLoweringPatterns(TypeConverter &converter,
                                      RewritePatternSet &patterns);
/// dfp.matmul on DFP operands: chained INT32 pair products, FP32 flushes.
void populateDfpMatmulLoweringPatterns(TypeConverter &converter,
                                       RewritePatternSet &patterns);
/// FP32 ops (matmul, relu, add) and dfp.reshape to linalg and tensor.
void populateFp32LoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns);

/// FP32 max, average and global average pooling.
void populatePoolLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns);
/// bias_add and batch_norm_inference.
void populateNormalizationLoweringPatterns(TypeConverter &converter,
                                           RewritePatternSet &patterns);
/// softmax_cross_entropy.
void populateLossLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns);
/// FP32 conv2d (grouped included).
void populateConvLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns);

/// Whether convert-dfp-to-linalg lowers `op` (a Dfp op); if not, emits an
/// error naming the op and the reason.
LogicalResult checkLowerable(Operation *op);

} // namespace mlir::dfp

#endif // DFP_COMPILER_CONVERSION_PATTERNS_H
