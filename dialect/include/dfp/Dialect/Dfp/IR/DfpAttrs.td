#ifndef DFP_DIALECT_DFP_IR_DFPATTRS_TD
#define DFP_DIALECT_DFP_IR_DFPATTRS_TD

include "dfp/Dialect/Dfp/IR/DfpBase.td"
include "mlir/IR/EnumAttr.td"

def Dfp_RoundingMode : I32EnumAttr<"RoundingMode",
    "rounding of x * 2^-e to an integer", [
      I32EnumAttrCase<"NearestEven", 0, "nearest_even">,
      I32EnumAttrCase<"NearestUp", 1, "nearest_up">,
      I32EnumAttrCase<"TowardZero", 2, "toward_zero">,
      I32EnumAttrCase<"Stochastic", 3, "stochastic">
    ]> {
  let cppNamespace = "::mlir::dfp";
  let genSpecializedAttr = 0;
}

def Dfp_RoundingModeAttr : EnumAttr<Dfp_Dialect, Dfp_RoundingMode, "rounding"> {
  let summary = "rounding mode of a quantization";
  let description = [{
    `#dfp.rounding<nearest_even>` (the default of `vcvtps2dq`),
    `#dfp.rounding<nearest_up>` (floor(y + 0.5)), `#dfp.rounding<toward_zero>`
    (truncation) or `#dfp.rounding<stochastic>` (Philox4x32-10 random bits,
    see DESIGN.md section 2).
  }];
  let assemblyFormat = "`<` $value `>`";
}

#endif // DFP_DIALECT_DFP_IR_DFPATTRS_TD
