#ifndef DFP_RUNTIME_CHECKPOINT_CHECKPOINTFORMAT_H
#define DFP_RUNTIME_CHECKPOINT_CHECKPOINTFORMAT_H

#include <cstddef>
#include <cstdint>

// A checkpoint file, all integers little-endian:
//
//   header (32 bytes)
//     0  magic       "DFPCKPT\0"
//     8  version     u32 (kCheckpointVersion)
//     12 reserved    u32, zero
//     16 payloadSize u64, the file length minus the header
//     24 payloadCrc  u32, CRC-32 (zlib) of the payload
//     28 headerCrc   u32, CRC-32 of header bytes [0, 28)
//   payload
//     step u64, epoch u64, dataIndex u64
//     rngCount u32, rngCount x u64
//     stringCount u32, stringCount x (key, value), each a string
//     tensorCount u32, tensorCount x tensor
//   string: length u32, bytes
//   tensor: name (string), rank u32 (<= kMaxTensorRank), rank x dim i64,
//           product(dims) x f32 (IEEE bits as stored, NaN payloads kept)

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the checkpoint encoder copies little-endian words directly"
#endif

namespace dfp::runtime::checkpoint_format {

constexpr char kMagic[8] = {'D', 'F', 'P', 'C', 'K', 'P', 'T', '\0'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderSize = 32;
constexpr size_t kHeaderCrcOffset = 28;
constexpr uint32_t kMaxTensorRank = 8;

} // namespace dfp::runtime::checkpoint_format

#endif // DFP_RUNTIME_CHECKPOINT_CHECKPOINTFORMAT_H
