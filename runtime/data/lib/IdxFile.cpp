#include "dfp/runtime/IdxFile.h"

#include "GzipReader.h"

#include <cstdio>

namespace dfp::runtime {
namespace {

constexpr uint32_t kUnsignedByteType = 0x08;

uint32_t bigEndian32(const unsigned char *bytes) {
  return uint32_t(bytes[0]) << 24 | uint32_t(bytes[1]) << 16 |
         uint32_t(bytes[2]) << 8 | uint32_t(bytes[3]);
}

std::string hex32(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof(text), "0x%08x", value);
  return text;
}

Status readHeader(GzipReader &reader, int rank, std::vector<uint32_t> &dims) {
  unsigned char word[4];
  if (Status status = reader.readExact(word, 4, "IDX magic number");
      !status.ok())
    return status;
  uint32_t magic = bigEndian32(word);
  uint32_t expected = kUnsignedByteType << 8 | uint32_t(rank);
  if (magic != expected)
    return reader.error("bad IDX magic number " + hex32(magic) + ", expected " +
                        hex32(expected) + " (unsigned bytes, rank " +
                        std::to_string(rank) + ")");
  dims.resize(rank);
  for (int d = 0; d < rank; ++d) {
    if (Status status = reader.readExact(word, 4, "IDX dimensions");
        !status.ok())
      return status;
    dims[d] = bigEndian32(word);
  }
  return Status::success();
}

std::string describeDims(const std::vector<uint32_t> &dims) {
  std::string text;
  for (size_t d = 0; d < dims.size(); ++d)
    text += (d ? "x" : "") + std::to_string(dims[d]);
  return text;
}

} // namespace

Status readIdxFile(const std::string &path, int rank, IdxArray &out,
                   uint64_t maxPayloadBytes) {
  GzipReader reader(path);
  if (Status status = reader.open(); !status.ok())
    return status;
  std::vector<uint32_t> dims;
  if (Status status = readHeader(reader, rank, dims); !status.ok())
    return status;

  uint64_t elements = 1;
  for (uint32_t dim : dims) {
    if (dim != 0 && elements > maxPayloadBytes / dim)
      return reader.error("IDX dimensions " + describeDims(dims) +
                          " exceed the limit of " +
                          std::to_string(maxPayloadBytes) + " bytes");
    elements *= dim;
  }

  std::vector<uint8_t> data(elements);
  if (Status status = reader.readExact(data.data(), data.size(), "IDX data");
      !status.ok())
    return status;
  if (Status status = reader.expectEnd(); !status.ok())
    return status;
  out.dims = std::move(dims);
  out.data = std::move(data);
  return Status::success();
}

} // namespace dfp::runtime
