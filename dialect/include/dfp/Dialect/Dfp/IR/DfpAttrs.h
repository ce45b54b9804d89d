#ifndef DFP_DIALECT_DFP_IR_DFPATTRS_H
#define DFP_DIALECT_DFP_IR_DFPATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "dfp/Dialect/Dfp/IR/DfpEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dfp/Dialect/Dfp/IR/DfpAttrs.h.inc"

#endif // DFP_DIALECT_DFP_IR_DFPATTRS_H
