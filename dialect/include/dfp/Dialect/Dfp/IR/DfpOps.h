#ifndef DFP_DIALECT_DFP_IR_DFPOPS_H
#define DFP_DIALECT_DFP_IR_DFPOPS_H

#include "dfp/Dialect/Dfp/IR/DfpAttrs.h"
#include "dfp/Dialect/Dfp/IR/DfpDialect.h"
#include "dfp/Dialect/Dfp/IR/DfpTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dfp/Dialect/Dfp/IR/DfpInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dfp/Dialect/Dfp/IR/DfpOps.h.inc"

#endif // DFP_DIALECT_DFP_IR_DFPOPS_H
