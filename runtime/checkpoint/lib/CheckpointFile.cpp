#include "CheckpointHeader.h"
#include "FileDescriptor.h"

#include "dfp/runtime/AtomicFile.h"
#include "dfp/runtime/Checkpoint.h"

#include <algorithm>
#include <fcntl.h>
#include <sys/stat.h>

namespace dfp::runtime {

using namespace checkpoint_format;

namespace {

/// Reads up to `size` bytes at `offset`; returns how many were read.
Status readAt(int fd, uint8_t *out, size_t size, uint64_t offset,
              const std::string &path, size_t &read) {
  read = 0;
  while (read < size) {
    ssize_t got = ::pread(fd, out + read, size - read, off_t(offset + read));
    if (got < 0) {
      if (errno == EINTR)
        continue;
      return systemError(path, "read failed");
    }
    if (got == 0)
      break;
    read += size_t(got);
  }
  return Status::success();
}

} // namespace

Status writeCheckpoint(const std::string &path, const Checkpoint &checkpoint) {
  std::vector<uint8_t> bytes;
  if (Status s = encodeCheckpoint(checkpoint, bytes); !s.ok())
    return Status::error(path + ": " + s.message());
  return writeFileAtomically(path, bytes.data(), bytes.size());
}

Status readCheckpoint(const std::string &path, Checkpoint &out) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid())
    return systemError(path, "cannot open checkpoint");
  struct stat info;
  if (::fstat(fd.get(), &info) != 0)
    return systemError(path, "cannot stat checkpoint");
  if (!S_ISREG(info.st_mode))
    return Status::error(path + ": not a regular file");
  uint64_t fileSize = uint64_t(info.st_size);

  uint8_t header[kHeaderSize] = {};
  size_t headerBytes = size_t(std::min<uint64_t>(fileSize, kHeaderSize));
  size_t read = 0;
  if (Status s = readAt(fd.get(), header, headerBytes, 0, path, read); !s.ok())
    return s;
  if (read != headerBytes)
    return Status::error(path + ": truncated while reading (the file shrank)");
  uint32_t payloadCrc = 0;
  if (Status s = checkCheckpointHeader(header, fileSize, path, payloadCrc);
      !s.ok())
    return s;

  // The header check bounded the payload by the file's real length.
  std::vector<uint8_t> payload(fileSize - kHeaderSize);
  if (Status s = readAt(fd.get(), payload.data(), payload.size(), kHeaderSize,
                        path, read);
      !s.ok())
    return s;
  if (read != payload.size())
    return Status::error(path + ": truncated while reading (the file shrank)");
  return decodeCheckpointPayload(payload.data(), payload.size(), payloadCrc,
                                 path, out);
}

} // namespace dfp::runtime
