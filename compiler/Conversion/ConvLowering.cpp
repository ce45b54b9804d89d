#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dfp {

namespace {

/// [d0, ..., d(axis) * parts, ...] viewed as [..., parts, d(axis), ...].
Value splitAxis(ImplicitLocOpBuilder &b, Value value, int64_t axis,
                int64_t parts) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] /= parts;
  shape.insert(shape.begin() + axis, parts);
  SmallVector<ReassociationIndices> groups;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (dim < axis)
      groups.push_back({dim});
    else if (dim == axis)
      groups.push_back({dim, dim + 1});
    else
      groups.push_back({dim + 1});
  }
  return b.create<tensor::ExpandShapeOp>(
      RankedTensorType::get(shape, type.getElementType()), value, groups);
}

/// FP32 conv2d: zero padding, then linalg.conv_2d_nchw_fchw (groups 1) or
/// linalg.conv_2d_ngchw_fgchw on grouped views (filter [K/G, G, C/G, R, S]).
struct Fp32Conv2dLowering : OneToNOpConversionPattern<Conv2dOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "DFP operands");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value input =
        buildSpatialPad(b, adaptor.getInput().front(), op.getPadding(), 0.0f);
    Value filter = adaptor.getFilter().front();
    RankedTensorType resultType = op.getResult().getType();
    auto strides = b.getI64VectorAttr(op.getStrides());
    auto dilations = b.getI64VectorAttr(op.getDilations());
    int64_t groups = op.getGroups();
    if (groups == 1) {
      rewriter.replaceOp(op,
                         b.create<linalg::Conv2DNchwFchwOp>(
                              TypeRange{resultType}, ValueRange{input, filter},
                              ValueRange{buildFilled(b, resultType, 0.0f)},
                              strides, dilations)
                             .getResult(0));
      return success();
    }
    Value groupedInput = splitAxis(b, input, 1, groups);
    // [K, Cg, R, S] -> [G, K/G, Cg, R, S] -> the op's [K/G, G, Cg, R, S].
    Value splitFilter = splitAxis(b, filter, 0, groups);
    auto splitType = cast<RankedTensorType>(splitFilter.getType());
    SmallVector<int64_t> filterShape(splitType.getShape());
    std::swap(filterShape[0], filterShape[1]);
    Value groupedFilter =
        b.create<linalg::TransposeOp>(
             splitFilter,
             b.create<tensor::EmptyOp>(filterShape, b.getF32Type()),
             ArrayRef<int64_t>{1, 0, 2, 3, 4})
            .getResult()[0];
    auto groupedType = cast<RankedTensorType>(
        splitAxis(b, buildFilled(b, resultType, 0.0f), 1, groups).getType());
    Value init = buildFilled(b, groupedType, 0.0f);
    Value grouped =
        b.create<linalg::Conv2DNgchwFgchwOp>(
             TypeRange{groupedType}, ValueRange{groupedInput, groupedFilter},
             ValueRange{init}, strides, dilations)
            .getResult(0);
    rewriter.replaceOp(
        op, b.create<tensor::CollapseShapeOp>(
                resultType, grouped,
                SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}}));
    return success();
  }
};

} // namespace

void populateConvLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<Fp32Conv2dLowering>(converter, patterns.getContext());
}

} // namespace mlir::dfp
