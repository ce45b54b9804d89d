#include "ExternalData.h"

#include "onnx/onnx_pb.h"
#include "llvm/Support/FormatVariadic.h"

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

namespace mlir::dfp::onnx_import {

namespace fs = std::filesystem;

namespace {
struct ExternalDataRef {
  std::string location;
  std::optional<int64_t> offset;
  std::optional<int64_t> length;
};
} // namespace

static llvm::Error externalDataError(const onnx::TensorProto &tensor,
                                     const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "external data of tensor '" + tensor.name() +
                                     "': " + message);
}

static std::optional<int64_t> parseNonNegative(const std::string &text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

static llvm::Expected<ExternalDataRef>
parseReference(const onnx::TensorProto &tensor) {
  ExternalDataRef ref;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location") {
      ref.location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      std::optional<int64_t> value = parseNonNegative(entry.value());
      if (!value)
        return externalDataError(tensor, "'" + entry.key() + "' is '" +
                                             entry.value() +
                                             "', not a non-negative integer");
      (entry.key() == "offset" ? ref.offset : ref.length) = value;
    }
  }
  if (ref.location.empty())
    return externalDataError(tensor, "no 'location'");
  return ref;
}

/// Resolves `location` inside `directory`, refusing anything that could
/// reach outside it: absolute paths, `..`, symbolic links anywhere on the
/// way, and files with several hard links.
static llvm::Expected<fs::path> resolveInside(const onnx::TensorProto &tensor,
                                              const fs::path &directory,
                                              const std::string &location) {
  fs::path relative(location);
  if (relative.is_absolute() || relative.has_root_name() ||
      relative.has_root_directory())
    return externalDataError(tensor,
                             "location '" + location + "' is an absolute path");
  for (const fs::path &part : relative)
    if (part == "..")
      return externalDataError(tensor,
                               "location '" + location + "' contains '..'");
  std::error_code ec;
  fs::path base = fs::canonical(directory, ec);
  if (ec)
    return externalDataError(tensor, "model directory '" + directory.string() +
                                         "': " + ec.message());
  fs::path current = base;
  for (const fs::path &part : relative) {
    if (part == "." || part.empty())
      continue;
    current /= part;
    fs::file_status status = fs::symlink_status(current, ec);
    if (ec)
      return externalDataError(tensor,
                               "location '" + location + "': " + ec.message());
    if (fs::is_symlink(status))
      return externalDataError(tensor, "location '" + location +
                                           "' goes through symbolic link '" +
                                           current.string() + "'");
  }
  struct stat info;
  if (::lstat(current.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
    return externalDataError(tensor, "location '" + location +
                                         "' is not a regular file");
  if (info.st_nlink != 1)
    return externalDataError(tensor, "location '" + location + "' has " +
                                         llvm::Twine(info.st_nlink) +
                                         " hard links (only 1 is accepted)");
  return current;
}

llvm::Error inlineExternalData(onnx::TensorProto &tensor,
                               llvm::StringRef modelDirectory,
                               int64_t expectedBytes) {
  if (modelDirectory.empty())
    return externalDataError(tensor,
                             "not allowed for a model without a directory");
  llvm::Expected<ExternalDataRef> ref = parseReference(tensor);
  if (!ref)
    return ref.takeError();
  llvm::Expected<fs::path> path =
      resolveInside(tensor, fs::path(modelDirectory.str()), ref->location);
  if (!path)
    return path.takeError();
  std::error_code ec;
  int64_t fileSize = static_cast<int64_t>(fs::file_size(*path, ec));
  if (ec)
    return externalDataError(tensor, ec.message());
  int64_t offset = ref->offset.value_or(0);
  if (offset > fileSize)
    return externalDataError(
        tensor, llvm::formatv("offset {0} is past the end of '{1}' "
                              "({2} bytes)",
                              offset, ref->location, fileSize));
  int64_t length = ref->length.value_or(fileSize - offset);
  if (length > fileSize - offset)
    return externalDataError(
        tensor, llvm::formatv("offset {0} + length {1} is past the end of "
                              "'{2}' ({3} bytes)",
                              offset, length, ref->location, fileSize));
  if (length != expectedBytes)
    return externalDataError(
        tensor, llvm::formatv("length {0} does not match the {1} bytes its "
                              "type and dimensions need",
                              length, expectedBytes));
  std::string data(static_cast<size_t>(length), '\0');
  std::ifstream file(*path, std::ios::binary);
  file.seekg(offset);
  if (!file.read(data.data(), length))
    return externalDataError(tensor, "cannot read '" + ref->location + "'");
  tensor.set_raw_data(std::move(data));
  tensor.clear_external_data();
  tensor.set_data_location(onnx::TensorProto::DEFAULT);
  return llvm::Error::success();
}

} // namespace mlir::dfp::onnx_import
