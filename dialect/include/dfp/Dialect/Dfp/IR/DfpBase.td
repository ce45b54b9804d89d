#ifndef DFP_DIALECT_DFP_IR_DFPBASE_TD
#define DFP_DIALECT_DFP_IR_DFPBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Dfp_Dialect : Dialect {
  let name = "dfp";
  let cppNamespace = "::mlir::dfp";
  let summary = "Dynamic fixed point (DFP) training graphs";
  let description = [{
    Tensors of 8- or 16-bit integers sharing exponents (per tensor, per axis
    slice or per block), and the graph operations of a training step: quantize,
    contractions on f32 or DFP operands with bounded INT32 accumulate chains,
    and the FP32 operations around them (activations, pooling, batch
    normalization, loss, SGD), each with its backward form.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
  private:
    void registerTypes();
    void registerAttributes();
    void registerOperations();

  public:
  }];
}

class Dfp_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dfp_Dialect, mnemonic, traits>;

#endif // DFP_DIALECT_DFP_IR_DFPBASE_TD
