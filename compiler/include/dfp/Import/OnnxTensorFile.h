#ifndef DFP_IMPORT_ONNXTENSORFILE_H
#define DFP_IMPORT_ONNXTENSORFILE_H

#include "dfp/Import/OnnxImporter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::dfp {

/// A tensor of an ONNX TensorProto file (`.pb`, the layout of the ONNX test
/// data: test_data_set_N/input_K.pb): FLOAT data, or INT64/INT32 data held
/// as int64.
struct OnnxTensor {
  std::string name;
  std::vector<int64_t> shape;
  bool isFloat = true;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  int64_t numElements() const;
};

/// Reads a serialized TensorProto; sizes are checked against `limits`
/// before anything is allocated, other data types are an error.
llvm::Expected<OnnxTensor> readOnnxTensorFile(llvm::StringRef path,
                                              const OnnxImportLimits &limits);

/// Writes `tensor` as a TensorProto (FLOAT or INT64, raw data).
llvm::Error writeOnnxTensorFile(llvm::StringRef path, const OnnxTensor &tensor);

} // namespace mlir::dfp

#endif // DFP_IMPORT_ONNXTENSORFILE_H
