#include "dfp/Dialect/Dfp/IR/DfpDialect.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

using namespace mlir;
using namespace mlir::dfp;

#include "dfp/Dialect/Dfp/IR/DfpDialect.cpp.inc"

void DfpDialect::initialize() {
  registerTypes();
  registerAttributes();
  registerOperations();
}
