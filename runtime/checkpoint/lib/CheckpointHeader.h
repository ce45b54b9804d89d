#ifndef DFP_RUNTIME_CHECKPOINT_CHECKPOINTHEADER_H
#define DFP_RUNTIME_CHECKPOINT_CHECKPOINTHEADER_H

#include "CheckpointFormat.h"

#include "dfp/reference/Status.h"
#include "dfp/runtime/Checkpoint.h"

#include <cstdint>
#include <string>

namespace dfp::runtime {

uint32_t crc32Of(const uint8_t *bytes, size_t size);

/// Fills the kHeaderSize bytes at `out` for a payload of the given size/CRC.
void writeCheckpointHeader(uint64_t payloadSize, uint32_t payloadCrc,
                           uint8_t *out);

/// Validates a file of `fileSize` bytes by its header (magic, header checksum,
/// version, payload size); `bytes` holds min(fileSize, kHeaderSize) bytes.
/// Returns the payload CRC to verify once the payload is read.
Status checkCheckpointHeader(const uint8_t *bytes, uint64_t fileSize,
                             const std::string &source, uint32_t &payloadCrc);

/// Verifies the payload CRC and decodes the payload.
Status decodeCheckpointPayload(const uint8_t *payload, size_t size,
                               uint32_t expectedCrc, const std::string &source,
                               Checkpoint &out);

} // namespace dfp::runtime

#endif // DFP_RUNTIME_CHECKPOINT_CHECKPOINTHEADER_H
