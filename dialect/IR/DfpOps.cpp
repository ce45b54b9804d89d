#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::dfp;

/// Parses the bare keyword of a rounding mode, as in `rounding(stochastic)`.
static ParseResult parseRoundingKeyword(OpAsmParser &parser,
                                        RoundingModeAttr &rounding) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<RoundingMode> mode = symbolizeRoundingMode(keyword);
  if (!mode) {
    std::string expected;
    llvm::raw_string_ostream os(expected);
    llvm::interleaveComma(
        llvm::seq_inclusive<uint32_t>(0, getMaxEnumValForRoundingMode()), os,
        [&](uint32_t value) {
          os << stringifyRoundingMode(static_cast<RoundingMode>(value));
        });
    return parser.emitError(loc, "unknown rounding mode '")
           << keyword << "', expected one of: " << expected;
  }
  rounding = RoundingModeAttr::get(parser.getContext(), *mode);
  return success();
}

static void printRoundingKeyword(OpAsmPrinter &printer, Operation *,
                                 RoundingModeAttr rounding) {
  printer << stringifyRoundingMode(rounding.getValue());
}

#include "dfp/Dialect/Dfp/IR/DfpInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "dfp/Dialect/Dfp/IR/DfpOps.cpp.inc"

void DfpDialect::registerOperations() {
  addOperations<
#define GET_OP_LIST
#include "dfp/Dialect/Dfp/IR/DfpOps.cpp.inc"
      >();
}
