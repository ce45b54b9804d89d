#include "dfp/Dialect/Dfp/IR/DfpAttrs.h"

#include "dfp/Dialect/Dfp/IR/DfpDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::dfp;

#include "dfp/Dialect/Dfp/IR/DfpEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dfp/Dialect/Dfp/IR/DfpAttrs.cpp.inc"

void DfpDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dfp/Dialect/Dfp/IR/DfpAttrs.cpp.inc"
      >();
}
