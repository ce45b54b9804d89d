#ifndef DFP_RUNTIME_IDXFILE_H
#define DFP_RUNTIME_IDXFILE_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfp::runtime {

/// An array of unsigned bytes in LeCun's IDX format: a big-endian header
/// (magic 0x0000 08 <rank>, then <rank> uint32 dimensions) followed by the
/// elements in row-major order.
struct IdxArray {
  std::vector<uint32_t> dims;
  std::vector<uint8_t> data;
};

/// The largest IDX payload read before allocating: a header claiming more is
/// reported as corrupt instead of exhausting memory.
constexpr uint64_t kMaxIdxPayloadBytes = uint64_t(1) << 30;

/// Reads an IDX file of unsigned bytes with `rank` dimensions, gzip-compressed
/// (or plain: zlib reads uncompressed files transparently). Fails with a
/// message naming `path` on a missing file, a corrupt or truncated gzip
/// stream, a wrong magic number or rank, a payload over `maxPayloadBytes`,
/// or data shorter or longer than the dimensions say.
Status readIdxFile(const std::string &path, int rank, IdxArray &out,
                   uint64_t maxPayloadBytes = kMaxIdxPayloadBytes);

} // namespace dfp::runtime

#endif // DFP_RUNTIME_IDXFILE_H
