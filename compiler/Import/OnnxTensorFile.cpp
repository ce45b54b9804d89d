#include "dfp/Import/OnnxTensorFile.h"

#include "TensorData.h"

#include "onnx/onnx_pb.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace mlir::dfp {

int64_t OnnxTensor::numElements() const {
  return static_cast<int64_t>(isFloat ? floats.size() : ints.size());
}

static llvm::Error fileError(llvm::StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "'" + path + "': " + message);
}

llvm::Expected<OnnxTensor> readOnnxTensorFile(llvm::StringRef path,
                                              const OnnxImportLimits &limits) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fileError(path, buffer.getError().message());
  if (static_cast<int64_t>((*buffer)->getBufferSize()) > limits.maxFileBytes)
    return fileError(path, llvm::formatv("above the limit of {0} bytes",
                                         limits.maxFileBytes));
  onnx::TensorProto proto;
  if (!proto.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize())))
    return fileError(path, "not a valid ONNX TensorProto");
  OnnxTensor tensor;
  tensor.name = proto.name();
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  if (proto.data_type() == onnx::TensorProto::FLOAT) {
    llvm::Expected<std::vector<float>> values =
        onnx_import::floatElements(proto, limits);
    if (!values)
      return fileError(path, llvm::toString(values.takeError()));
    tensor.floats = std::move(*values);
    return tensor;
  }
  llvm::Expected<onnx_import::IntTensor> values =
      onnx_import::intElements(proto, limits);
  if (!values)
    return fileError(path, llvm::toString(values.takeError()));
  tensor.isFloat = false;
  tensor.ints.assign(values->values.begin(), values->values.end());
  return tensor;
}

llvm::Error writeOnnxTensorFile(llvm::StringRef path,
                                const OnnxTensor &tensor) {
  onnx::TensorProto proto;
  proto.set_name(tensor.name);
  for (int64_t dim : tensor.shape)
    proto.add_dims(dim);
  std::string raw;
  if (tensor.isFloat) {
    proto.set_data_type(onnx::TensorProto::FLOAT);
    raw.resize(tensor.floats.size() * sizeof(float));
    if (!raw.empty())
      std::memcpy(raw.data(), tensor.floats.data(), raw.size());
  } else {
    proto.set_data_type(onnx::TensorProto::INT64);
    raw.resize(tensor.ints.size() * sizeof(int64_t));
    if (!raw.empty())
      std::memcpy(raw.data(), tensor.ints.data(), raw.size());
  }
  proto.set_raw_data(std::move(raw));
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fileError(path, ec.message());
  os << proto.SerializeAsString();
  os.close();
  if (os.has_error())
    return fileError(path, os.error().message());
  return llvm::Error::success();
}

} // namespace mlir::dfp
