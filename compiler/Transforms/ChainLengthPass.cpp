#include "ContractedOperands.h"
#include "MagnitudeBound.h"
#include "dfp/Transforms/Passes.h"

#include "dfp/reference/ChainLength.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::dfp {
#define GEN_PASS_DEF_DFPCHAINLENGTH
#include "dfp/Transforms/Passes.h.inc"
} // namespace mlir::dfp

using namespace mlir;
using namespace mlir::dfp;

namespace {

/// Products a kernel step adds into one INT32 lane (`vpdpwssd` adds pairs).
constexpr int kChainStep = 2;

/// What bounds the chain of one contraction.
struct ChainBounds {
  std::array<MagnitudeBound, 2> operands;
  /// Longest exact chain for the proven magnitudes.
  int64_t exact;
  /// Longest chain the operand formats allow (the verifier's bound).
  int64_t format;

  int64_t longest() const { return std::min(exact, format); }
};

/// The chain bounds of `op` if its DFP operands had magnitude bits `magBits`.
ChainBounds computeChainBounds(ContractionOpInterface op, bool trustFormats,
                               std::array<unsigned, 2> magBits) {
  auto [lhs, rhs] = op.getContractedOperands();
  ChainBounds bounds{{boundMagnitude(lhs, trustFormats, magBits[0]),
                      boundMagnitude(rhs, trustFormats, magBits[1])},
                     0,
                     0};
  bounds.exact =
      ::dfp::chainLengthForRange(bounds.operands[0].maxMagnitude,
                                 bounds.operands[1].maxMagnitude, kChainStep);
  bounds.format = ::dfp::chainLength(static_cast<int>(magBits[0]),
                                     static_cast<int>(magBits[1]), kChainStep);
  return bounds;
}

std::array<unsigned, 2> getMagBits(ContractionOpInterface op) {
  auto [lhs, rhs] = op.getContractedOperands();
  return {cast<DfpTensorType>(lhs.getType()).getMagBits(),
          cast<DfpTensorType>(rhs.getType()).getMagBits()};
}

/// "lhs |q| <= 8191 (2^13 - 1), rhs |q| <= ..." for diagnostics.
void describeBounds(InFlightDiagnostic &diagnostic, ContractionOpInterface op,
                    const ChainBounds &bounds) {
  std::array<ContractedOperand, 2> slots = getContractedOperandSlots(op);
  for (size_t i = 0; i < slots.size(); ++i)
    diagnostic << (i ? ", " : "") << slots[i].name
               << " |q| <= " << bounds.operands[i].maxMagnitude << " ("
               << bounds.operands[i].reason << ")";
}

/// Replaces the magnitude bits of the type of `value` and of the DFP reshapes
/// of it (they keep the format of their input).
void setMagBits(Value value, unsigned magBits) {
  auto type = cast<DfpTensorType>(value.getType());
  value.setType(DfpTensorType::get(type.getShape(), type.getElementType(),
                                   magBits, type.getGrouping()));
  for (Operation *user : value.getUsers())
    if (auto reshape = dyn_cast<ReshapeOp>(user))
      if (isa<DfpTensorType>(reshape.getType()))
        setMagBits(reshape.getResult(), magBits);
}

class DfpChainLengthPass
    : public mlir::dfp::impl::DfpChainLengthBase<DfpChainLengthPass> {
public:
  using DfpChainLengthBase::DfpChainLengthBase;

  void runOnOperation() override {
    SmallVector<ContractionOpInterface> contractions;
    getOperation()->walk([&](ContractionOpInterface op) {
      if (op.hasDfpOperands())
        contractions.push_back(op);
    });
    if (targetChain != 0) {
      if (targetChain < kChainStep || targetChain % kChainStep != 0) {
        getOperation()->emitError("dfp-chain-length: target-chain must be a "
                                  "positive multiple of ")
            << kChainStep << ", got " << targetChain.getValue();
        return signalPassFailure();
      }
      chooseMagBits(contractions);
    }
    for (ContractionOpInterface op : contractions)
      if (failed(setChain(op)))
        signalPassFailure();
  }

private:
  /// Sets the magnitude bits of the quantizations feeding `contractions` to
  /// the largest that keep a chain of at least `targetChain`.
  void chooseMagBits(ArrayRef<ContractionOpInterface> contractions) {
    // Only ever lowered once chosen, so earlier contractions stay on target.
    llvm::MapVector<Operation *, unsigned> chosen;
    for (ContractionOpInterface op : contractions) {
      auto [lhs, rhs] = op.getContractedOperands();
      std::array<Operation *, 2> sources = {getAdjustableSource(lhs),
                                            getAdjustableSource(rhs)};
      std::array<unsigned, 2> magBits = getMagBits(op);
      for (size_t i = 0; i < sources.size(); ++i) {
        if (!sources[i])
          continue;
        auto type = cast<DfpTensorType>(sources[i]->getResult(0).getType());
        auto it = chosen.find(sources[i]);
        magBits[i] =
            it != chosen.end() ? it->second : type.getStorageBits() - 1;
      }
      // A chain the user set must stay within the formats' bound.
      int64_t target = targetChain;
      if (IntegerAttr userChain = op.getChainAttr())
        target = std::max(target, userChain.getInt());
      ChainBounds bounds = computeChainBounds(op, trustFormats, magBits);
      while (bounds.longest() < target) {
        std::optional<size_t> lowered = pickOperandToLower(sources, magBits);
        if (!lowered)
          break;
        --magBits[*lowered];
        bounds = computeChainBounds(op, trustFormats, magBits);
      }
      if (bounds.longest() < target) {
        // Fewer bits would lose precision without reaching the target.
        InFlightDiagnostic warning = op.emitWarning("cannot reach chain ")
                                     << target << ", formats left unchanged: ";
        describeBounds(warning, op, bounds);
        warning << " allow at most " << bounds.longest()
                << " (only formats set by dfp.quantize/requantize and used by "
                   "contractions, dequantize or requantize can change)";
        continue;
      }
      for (size_t i = 0; i < sources.size(); ++i)
        if (sources[i]) {
          auto [it, inserted] = chosen.try_emplace(sources[i], magBits[i]);
          it->second = std::min(it->second, magBits[i]);
        }
      if (emitRemarks) {
        op.emitRemark("target chain ")
            << target << ": magnitude bits " << magBits[0] << " and "
            << magBits[1] << " allow a chain of " << bounds.longest();
      }
    }
    for (auto [source, magBits] : chosen)
      setMagBits(source->getResult(0), magBits);
  }

  /// The quantize or requantize whose magnitude bits decide `value`'s, if
  /// they may change.
  static Operation *getAdjustableSource(Value value) {
    Operation *source = getFormatSource(value);
    return source && hasAdjustableFormat(source) ? source : nullptr;
  }

  /// The operand with a format source whose magnitude bits are largest
  /// (the first on ties), if any can still lose a bit.
  static std::optional<size_t>
  pickOperandToLower(const std::array<Operation *, 2> &sources,
                     const std::array<unsigned, 2> &magBits) {
    std::optional<size_t> picked;
    for (size_t i = 0; i < sources.size(); ++i)
      if (sources[i] && magBits[i] > 1 &&
          (!picked || magBits[i] > magBits[*picked]))
        picked = i;
    return picked;
  }

  LogicalResult setChain(ContractionOpInterface op) {
    ChainBounds bounds = computeChainBounds(op, trustFormats, getMagBits(op));
    int64_t longest = bounds.longest();
    if (IntegerAttr userChain = op.getChainAttr())
      return checkUserChain(op, userChain.getInt(), bounds);
    if (longest == 0) {
      InFlightDiagnostic error =
          op.emitOpError("has no exact INT32 chain: one step of ")
          << kChainStep << " products can overflow with ";
      describeBounds(error, op, bounds);
      return error << "; requantize an operand to fewer magnitude bits";
    }
    op.setChainAttr(
        IntegerAttr::get(IntegerType::get(op->getContext(), 64), longest));
    if (emitRemarks) {
      InFlightDiagnostic remark = op.emitRemark("chain ") << longest << ": ";
      describeBounds(remark, op, bounds);
      if (bounds.exact > bounds.format)
        remark << "; capped from " << bounds.exact
               << " at the operand formats' bound";
    }
    return success();
  }

  LogicalResult checkUserChain(ContractionOpInterface op, int64_t chain,
                               const ChainBounds &bounds) {
    int64_t lhsMax = bounds.operands[0].maxMagnitude;
    int64_t rhsMax = bounds.operands[1].maxMagnitude;
    if (chain <= bounds.longest()) {
      if (emitRemarks) {
        InFlightDiagnostic remark = op.emitRemark("kept chain ")
                                    << chain << " (longest exact "
                                    << bounds.longest() << "): ";
        describeBounds(remark, op, bounds);
      }
      return success();
    }
    InFlightDiagnostic error = op.emitOpError("chain ")
                               << chain << " overflows INT32: " << chain
                               << " * " << lhsMax << " * " << rhsMax
                               << " > 2^31 - 1 with ";
    describeBounds(error, op, bounds);
    return error << "; longest exact chain: " << bounds.longest();
  }
};

} // namespace
