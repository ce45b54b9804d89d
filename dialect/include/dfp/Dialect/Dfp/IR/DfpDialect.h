#ifndef DFP_DIALECT_DFP_IR_DFPDIALECT_H
#define DFP_DIALECT_DFP_IR_DFPDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dfp/Dialect/Dfp/IR/DfpDialect.h.inc"

#endif // DFP_DIALECT_DFP_IR_DFPDIALECT_H
