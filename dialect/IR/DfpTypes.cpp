#include "dfp/Dialect/Dfp/IR/DfpTypes.h"

#include "dfp/Dialect/Dfp/IR/DfpDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::dfp;

static constexpr llvm::StringLiteral kGroupingSyntax =
    "'tensor', 'axis <A>' or 'block <N> on <A>'";

/// Parses `tensor`, `axis A` or `block N on A`.
static ParseResult parseGrouping(AsmParser &parser,
                                 ExponentGrouping &grouping) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef kind;
  if (parser.parseKeyword(&kind))
    return failure();
  if (kind == "tensor") {
    grouping = ExponentGrouping::tensor();
    return success();
  }
  if (kind == "axis") {
    int64_t axis;
    if (parser.parseInteger(axis))
      return failure();
    grouping = ExponentGrouping::perAxis(axis);
    return success();
  }
  if (kind == "block") {
    int64_t blockSize, axis;
    if (parser.parseInteger(blockSize) || parser.parseKeyword("on") ||
        parser.parseInteger(axis))
      return failure();
    grouping = ExponentGrouping::block(blockSize, axis);
    return success();
  }
  return parser.emitError(loc, "expected exponent grouping ")
         << kGroupingSyntax << ", got '" << kind << "'";
}

static void printGrouping(AsmPrinter &printer,
                          const ExponentGrouping &grouping) {
  switch (grouping.kind) {
  case ExponentGrouping::Kind::Tensor:
    printer << "tensor";
    return;
  case ExponentGrouping::Kind::Axis:
    printer << "axis " << grouping.axis;
    return;
  case ExponentGrouping::Kind::Block:
    printer << "block " << grouping.blockSize << " on " << grouping.axis;
    return;
  }
  llvm_unreachable("unknown exponent grouping");
}

Type DfpTensorType::parse(AsmParser &parser) {
  SmallVector<int64_t> shape;
  Type elementType;
  unsigned magBits;
  ExponentGrouping grouping;
  if (parser.parseLess() ||
      parser.parseDimensionList(shape, /*allowDynamic=*/true) ||
      parser.parseType(elementType))
    return {};
  SMLoc afterElementType = parser.getCurrentLocation();
  if (parser.parseComma() || parser.parseKeyword("mag") ||
      parser.parseEqual() || parser.parseInteger(magBits) ||
      parser.parseComma() || parser.parseKeyword("exp") ||
      parser.parseEqual() || parseGrouping(parser, grouping) ||
      parser.parseGreater())
    return {};
  auto storage = llvm::dyn_cast<IntegerType>(elementType);
  if (!storage) {
    parser.emitError(afterElementType, "DFP storage must be i8 or i16, got ")
        << elementType;
    return {};
  }
  return parser.getChecked<DfpTensorType>(parser.getContext(), shape, storage,
                                          magBits, grouping);
}

void DfpTensorType::print(AsmPrinter &printer) const {
  printer << "<";
  for (int64_t size : getShape())
    printer << size << "x";
  printer << getElementType() << ", mag = " << getMagBits() << ", exp = ";
  printGrouping(printer, getGrouping());
  printer << ">";
}

LogicalResult
DfpTensorType::verify(function_ref<InFlightDiagnostic()> emitError,
                      ArrayRef<int64_t> shape, IntegerType elementType,
                      unsigned magBits, ExponentGrouping grouping) {
  unsigned width = elementType.getWidth();
  if (!elementType.isSignless() || (width != 8 && width != 16))
    return emitError() << "DFP storage must be i8 or i16, got " << elementType;
  if (magBits < 1 || magBits > width - 1)
    return emitError() << "magnitude bits of " << elementType
                       << " storage must be in [1, " << width - 1 << "], got "
                       << magBits;
  if (ShapedType::isDynamicShape(shape))
    return emitError() << "DFP tensors have static shapes: no '?' sizes";
  if (grouping.kind == ExponentGrouping::Kind::Tensor)
    return success();
  int64_t rank = static_cast<int64_t>(shape.size());
  if (grouping.axis < 0 || grouping.axis >= rank)
    return emitError() << "exponent axis " << grouping.axis
                       << " is out of range for a tensor of rank " << rank;
  if (grouping.kind == ExponentGrouping::Kind::Axis)
    return success();
  if (grouping.blockSize < 1)
    return emitError() << "exponent block size must be positive, got "
                       << grouping.blockSize;
  if (shape[grouping.axis] % grouping.blockSize != 0)
    return emitError() << "exponent block size " << grouping.blockSize
                       << " does not divide dimension " << grouping.axis
                       << " of size " << shape[grouping.axis];
  return success();
}

DfpTensorType DfpTensorType::cloneWith(std::optional<ArrayRef<int64_t>> shape,
                                       Type elementType) const {
  auto storage = llvm::dyn_cast_or_null<IntegerType>(elementType);
  return DfpTensorType::get(shape.value_or(getShape()),
                            storage ? storage : getElementType(), getMagBits(),
                            getGrouping());
}

#define GET_TYPEDEF_CLASSES
#include "dfp/Dialect/Dfp/IR/DfpTypes.cpp.inc"

void DfpDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dfp/Dialect/Dfp/IR/DfpTypes.cpp.inc"
      >();
}
