#ifndef DFP_DIALECT_DFP_IR_DFPTYPES_H
#define DFP_DIALECT_DFP_IR_DFPTYPES_H

#include "dfp/Dialect/Dfp/IR/ExponentGrouping.h"
#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"

#define GET_TYPEDEF_CLASSES
#include "dfp/Dialect/Dfp/IR/DfpTypes.h.inc"

#endif // DFP_DIALECT_DFP_IR_DFPTYPES_H
