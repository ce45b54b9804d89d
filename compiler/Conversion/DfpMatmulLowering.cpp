#include "DecomposedTypes.h"
#include "FloatBits.h"
#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::dfp {

namespace {

/// Register tile of the generated kernel: `rows` rows of A by `vectors`
/// vectors of `lanes` INT32 (and FP32) accumulators along N. With 16 lanes
/// and 4 x 2 tiles the INT32 and FP32 accumulators fill 16 zmm registers.
struct MatmulTile {
  int64_t rows = 4;
  int64_t vectors = 2;
  int64_t lanes = 16;
  int64_t columns() const { return vectors * lanes; }
};

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// The operands as the loops read them: A [Mp x Kp] row-major (Kp even, Mp
/// a multiple of the tile rows) and B packed [Kp/2 x Np*2]: pair t of column
/// n holds B[2t][n], B[2t+1][n] (the vpdpwssd / vpmaddwd layout). Padding is
/// zero, so it adds nothing to any chain.
struct PackedOperands {
  Value a, b;
  int64_t m, n, k, paddedM, paddedN, pairs;
};

Value padWithZeros(ImplicitLocOpBuilder &b, Value source,
                   ArrayRef<int64_t> shape) {
  auto sourceType = cast<RankedTensorType>(source.getType());
  if (sourceType.getShape() == shape)
    return source;
  auto type = RankedTensorType::get(shape, sourceType.getElementType());
  Value zero =
      b.create<arith::ConstantOp>(b.getZeroAttr(sourceType.getElementType()));
  return tensor::createPadHighOp(type, source, zero, /*nofold=*/false,
                                 b.getLoc(), b);
}

PackedOperands packOperands(ImplicitLocOpBuilder &b, Value a, Value bValues,
                            const MatmulTile &tile) {
  auto aType = cast<RankedTensorType>(a.getType());
  auto bType = cast<RankedTensorType>(bValues.getType());
  PackedOperands packed;
  packed.m = aType.getDimSize(0);
  packed.k = aType.getDimSize(1);
  packed.n = bType.getDimSize(1);
  packed.paddedM = roundUp(packed.m, tile.rows);
  packed.paddedN = roundUp(packed.n, tile.columns());
  int64_t paddedK = roundUp(packed.k, 2);
  packed.pairs = paddedK / 2;
  packed.a = padWithZeros(b, a, {packed.paddedM, paddedK});

  Type element = bType.getElementType();
  Value paddedB = padWithZeros(b, bValues, {paddedK, packed.paddedN});
  Value split = b.create<tensor::ExpandShapeOp>(
      RankedTensorType::get({packed.pairs, 2, packed.paddedN}, element),
      paddedB, SmallVector<ReassociationIndices>{{0, 1}, {2}});
  Value init = b.create<tensor::EmptyOp>(
      ArrayRef<int64_t>{packed.pairs, packed.paddedN, 2}, element);
  Value interleaved =
      b.create<linalg::TransposeOp>(split, init, ArrayRef<int64_t>{0, 2, 1})
          .getResult()[0];
  packed.b = b.create<tensor::CollapseShapeOp>(
      RankedTensorType::get({packed.pairs, packed.paddedN * 2}, element),
      interleaved, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  return packed;
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return b.create<arith::ConstantIndexOp>(loc, value);
}

Value readVector(ImplicitLocOpBuilder &b, VectorType type, Value source,
                 ValueRange indices) {
  auto element = cast<RankedTensorType>(source.getType()).getElementType();
  Value padding = b.create<arith::ConstantOp>(b.getZeroAttr(element));
  return b.create<vector::TransferReadOp>(type, source, indices, padding,
                                          ArrayRef<bool>{true});
}

/// The pair (A[i][2t], A[i][2t+1]) repeated over `lanes` 32-bit lanes.
Value broadcastPair(ImplicitLocOpBuilder &b, Value a, Value row, Value k,
                    const MatmulTile &tile) {
  auto element =
      cast<IntegerType>(cast<RankedTensorType>(a.getType()).getElementType());
  auto pairInt = b.getIntegerType(element.getWidth() * 2);
  Value pair =
      readVector(b, VectorType::get({2}, element), a, ValueRange{row, k});
  Value asInt =
      b.create<vector::BitCastOp>(VectorType::get({1}, pairInt), pair);
  Value repeated = b.create<vector::BroadcastOp>(
      VectorType::get({tile.lanes}, pairInt), asInt);
  return b.create<vector::BitCastOp>(VectorType::get({2 * tile.lanes}, element),
                                     repeated);
}

/// lane j: a[2j] * b[2j] + a[2j+1] * b[2j+1] in i32, spelled as even and
/// odd shuffles of the i16 operands, sext, mul and add: the form LLVM's X86
/// backend selects as (v)pmaddwd and, added to an accumulator, as vpdpwssd
/// where the CPU has AVX512-VNNI or AVX-VNNI. (Shuffling the i32 products
/// instead is rewritten by InstCombine into a form that no longer matches.)
Value pairProducts(ImplicitLocOpBuilder &b, Value aPairs, Value bPairs,
                   const MatmulTile &tile) {
  SmallVector<int64_t> even, odd;
  for (int64_t lane = 0; lane < tile.lanes; ++lane) {
    even.push_back(2 * lane);
    odd.push_back(2 * lane + 1);
  }
  auto wide = VectorType::get({tile.lanes}, b.getI32Type());
  auto product = [&](ArrayRef<int64_t> lanes) -> Value {
    Value a = b.create<vector::ShuffleOp>(aPairs, aPairs, lanes);
    Value bLanes = b.create<vector::ShuffleOp>(bPairs, bPairs, lanes);
    return b.create<arith::MulIOp>(b.create<arith::ExtSIOp>(wide, a),
                                   b.create<arith::ExtSIOp>(wide, bLanes));
  };
  return b.create<arith::AddIOp>(product(even), product(odd));
}

/// One chain of the register tile at (row0, column0): INT32 sums over the
/// k-pairs [pairBegin, pairEnd), starting from 0.
SmallVector<Value> buildChainSums(ImplicitLocOpBuilder &b,
                                  const PackedOperands &packed, Value row0,
                                  Value column0, Value pairBegin, Value pairEnd,
                                  const MatmulTile &tile) {
  auto sumType = VectorType::get({tile.lanes}, b.getI32Type());
  Value zero = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(sumType, b.getI32IntegerAttr(0).getValue()));
  SmallVector<Value> zeros(tile.rows * tile.vectors, zero);
  Type element = cast<RankedTensorType>(packed.b.getType()).getElementType();
  auto pairsType = VectorType::get({2 * tile.lanes}, element);
  auto loop = b.create<scf::ForOp>(
      pairBegin, pairEnd, indexConstant(b, b.getLoc(), 1), zeros,
      [&](OpBuilder &nested, Location loc, Value pair, ValueRange sums) {
        ImplicitLocOpBuilder body(loc, nested);
        Value k = body.create<arith::MulIOp>(pair, indexConstant(body, loc, 2));
        SmallVector<Value> bPairs;
        for (int64_t v = 0; v < tile.vectors; ++v) {
          Value column = body.create<arith::AddIOp>(
              column0, indexConstant(body, loc, v * tile.lanes));
          Value offset =
              body.create<arith::MulIOp>(column, indexConstant(body, loc, 2));
          bPairs.push_back(
              readVector(body, pairsType, packed.b, ValueRange{pair, offset}));
        }
        SmallVector<Value> next;
        for (int64_t r = 0; r < tile.rows; ++r) {
          Value row =
              body.create<arith::AddIOp>(row0, indexConstant(body, loc, r));
          Value aPairs = broadcastPair(body, packed.a, row, k, tile);
          for (int64_t v = 0; v < tile.vectors; ++v)
            next.push_back(body.create<arith::AddIOp>(
                sums[r * tile.vectors + v],
                pairProducts(body, aPairs, bPairs[v], tile)));
        }
        body.create<scf::YieldOp>(next);
      });
  return SmallVector<Value>(loop.getResults());
}

/// The FP32 scales 2^(ea + eb) of the tile at (row0, column0), one vector per
/// accumulator: `scale` is one f32 (exponents per tensor) or the
/// [paddedM x paddedN] matrix of per-row and per-column scales.
SmallVector<Value> readScales(ImplicitLocOpBuilder &b, Value scale, Value row0,
                              Value column0, const MatmulTile &tile) {
  auto accType = VectorType::get({tile.lanes}, b.getF32Type());
  Location loc = b.getLoc();
  if (!isa<RankedTensorType>(scale.getType()))
    return SmallVector<Value>(tile.rows * tile.vectors,
                              b.create<vector::BroadcastOp>(accType, scale));
  SmallVector<Value> scales;
  for (int64_t r = 0; r < tile.rows; ++r) {
    Value row = b.create<arith::AddIOp>(row0, indexConstant(b, loc, r));
    for (int64_t v = 0; v < tile.vectors; ++v) {
      Value column = b.create<arith::AddIOp>(
          column0, indexConstant(b, loc, v * tile.lanes));
      scales.push_back(readVector(b, accType, scale, ValueRange{row, column}));
    }
  }
  return scales;
}

/// C tile at (row0, column0): every chain's INT32 sums flushed in chain
/// order as acc = fma(float(sum), scale, acc), then written into `c`.
Value buildTile(ImplicitLocOpBuilder &b, const PackedOperands &packed,
                int64_t chain, Value scale, Value c, Value row0, Value column0,
                const MatmulTile &tile) {
  auto accType = VectorType::get({tile.lanes}, b.getF32Type());
  auto sumType = VectorType::get({tile.lanes}, b.getI32Type());
  Value zero = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(accType, b.getF32FloatAttr(0.0f).getValue()));
  SmallVector<Value> scales = readScales(b, scale, row0, column0, tile);
  int64_t chainPairs = chain / 2;
  int64_t chains = (packed.k + chain - 1) / chain;
  Location loc = b.getLoc();
  auto chainLoop = b.create<scf::ForOp>(
      indexConstant(b, loc, 0), indexConstant(b, loc, chains),
      indexConstant(b, loc, 1),
      SmallVector<Value>(tile.rows * tile.vectors, zero),
      [&](OpBuilder &nested, Location loc, Value index, ValueRange accs) {
        ImplicitLocOpBuilder body(loc, nested);
        Value pairBegin = body.create<arith::MulIOp>(
            index, indexConstant(body, loc, chainPairs));
        Value pairEnd = body.create<arith::MinSIOp>(
            body.create<arith::AddIOp>(pairBegin,
                                       indexConstant(body, loc, chainPairs)),
            indexConstant(body, loc, packed.pairs));
        SmallVector<Value> sums = buildChainSums(body, packed, row0, column0,
                                                 pairBegin, pairEnd, tile);
        SmallVector<Value> next;
        for (auto [sum, acc, factor] : llvm::zip_equal(sums, accs, scales)) {
          assert(sum.getType() == sumType && "chain sums are INT32 vectors");
          Value flushed = body.create<arith::SIToFPOp>(accType, sum);
          next.push_back(body.create<math::FmaOp>(flushed, factor, acc));
        }
        body.create<scf::YieldOp>(next);
      });
  for (int64_t r = 0; r < tile.rows; ++r) {
    Value row = b.create<arith::AddIOp>(row0, indexConstant(b, loc, r));
    for (int64_t v = 0; v < tile.vectors; ++v) {
      Value column = b.create<arith::AddIOp>(
          column0, indexConstant(b, loc, v * tile.lanes));
      c = b.create<vector::TransferWriteOp>(
               chainLoop.getResult(r * tile.vectors + v), c,
               ValueRange{row, column}, ArrayRef<bool>{true})
              .getResult();
    }
  }
  return c;
}

/// Column tiles outer, row tiles inner: the packed B panel of one column
/// tile (K x 32 integers) stays in cache while every row tile streams by.
Value buildContraction(ImplicitLocOpBuilder &b, const PackedOperands &packed,
                       int64_t chain, Value scale, const MatmulTile &tile) {
  Location loc = b.getLoc();
  Value init = b.create<tensor::EmptyOp>(
      ArrayRef<int64_t>{packed.paddedM, packed.paddedN}, b.getF32Type());
  auto columnLoop = b.create<scf::ForOp>(
      indexConstant(b, loc, 0), indexConstant(b, loc, packed.paddedN),
      indexConstant(b, loc, tile.columns()), ValueRange{init},
      [&](OpBuilder &columnBuilder, Location loc, Value column0,
          ValueRange columnC) {
        auto rowLoop = columnBuilder.create<scf::ForOp>(
            loc, indexConstant(columnBuilder, loc, 0),
            indexConstant(columnBuilder, loc, packed.paddedM),
            indexConstant(columnBuilder, loc, tile.rows), columnC,
            [&](OpBuilder &rowBuilder, Location loc, Value row0,
                ValueRange rowC) {
              ImplicitLocOpBuilder body(loc, rowBuilder);
              Value c = buildTile(body, packed, chain, scale, rowC.front(),
                                  row0, column0, tile);
              body.create<scf::YieldOp>(c);
            });
        columnBuilder.create<scf::YieldOp>(loc, rowLoop.getResults());
      });
  Value c = columnLoop.getResult(0);
  if (packed.paddedM == packed.m && packed.paddedN == packed.n)
    return c;
  auto resultType = RankedTensorType::get({packed.m, packed.n}, b.getF32Type());
  return b.create<tensor::ExtractSliceOp>(
      resultType, c,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(packed.m),
                             b.getIndexAttr(packed.n)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

/// 2^(ea + eb): one f32 when both operands have one exponent, else the
/// [paddedM x paddedN] matrix of 2^(ea[i] + eb[j]) (A's exponents are per row
/// or shared, B's per column or shared; padding gets exponent 0).
Value buildScale(ImplicitLocOpBuilder &b, Value lhsExponents,
                 Value rhsExponents, const PackedOperands &packed) {
  int64_t lhsGroups =
      cast<RankedTensorType>(lhsExponents.getType()).getDimSize(0);
  int64_t rhsGroups =
      cast<RankedTensorType>(rhsExponents.getType()).getDimSize(0);
  if (lhsGroups == 1 && rhsGroups == 1) {
    Value zero = b.create<arith::ConstantIndexOp>(0);
    return buildPowerOfTwo(
        b, b.create<arith::AddIOp>(
               b.create<tensor::ExtractOp>(lhsExponents, ValueRange{zero}),
               b.create<tensor::ExtractOp>(rhsExponents, ValueRange{zero})));
  }
  MLIRContext *context = b.getContext();
  auto groupMap = [&](int64_t groups, Value &exponents, int64_t padded,
                      unsigned dim) {
    if (groups == 1)
      return AffineMap::get(2, 0, {getAffineConstantExpr(0, context)}, context);
    exponents = padWithZeros(b, exponents, {padded});
    return AffineMap::get(2, 0, {getAffineDimExpr(dim, context)}, context);
  };
  SmallVector<AffineMap> maps = {
      groupMap(lhsGroups, lhsExponents, packed.paddedM, 0),
      groupMap(rhsGroups, rhsExponents, packed.paddedN, 1),
      b.getMultiDimIdentityMap(2)};
  auto type =
      RankedTensorType::get({packed.paddedM, packed.paddedN}, b.getF32Type());
  Value init = b.create<tensor::EmptyOp>(type.getShape(), b.getF32Type());
  return b
      .create<linalg::GenericOp>(
          TypeRange{type}, ValueRange{lhsExponents, rhsExponents},
          ValueRange{init}, maps,
          SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
          [](OpBuilder &nested, Location loc, ValueRange args) {
            ImplicitLocOpBuilder body(loc, nested);
            Value sum = body.create<arith::AddIOp>(args[0], args[1]);
            body.create<linalg::YieldOp>(buildPowerOfTwo(body, sum));
          })
      .getResult(0);
}

struct DfpMatmulLowering : OneToNOpConversionPattern<MatmulOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (!cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "f32 operands");
    std::optional<uint64_t> chain = op.getChain();
    if (!chain)
      return rewriter.notifyMatchFailure(op, "no chain length");
    for (Type type : {op.getLhs().getType(), op.getRhs().getType()})
      if (cast<DfpTensorType>(type).getGrouping().kind ==
          ExponentGrouping::Kind::Block)
        return rewriter.notifyMatchFailure(op, "exponent blocks not lowered");

    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    Value a = op.getTransposeLhs() ? buildTranspose2d(b, lhs[0]) : lhs[0];
    Value bValues = op.getTransposeRhs() ? buildTranspose2d(b, rhs[0]) : rhs[0];
    MatmulTile tile;
    PackedOperands packed = packOperands(b, a, bValues, tile);

    Value scale = buildScale(b, lhs[1], rhs[1], packed);
    rewriter.replaceOp(
        op, buildContraction(b, packed, int64_t(*chain), scale, tile));
    return success();
  }
};

} // namespace

void populateDfpMatmulLoweringPatterns(TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<DfpMatmulLowering>(converter, patterns.getContext());
}

} // namespace mlir::dfp
