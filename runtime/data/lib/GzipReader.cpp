#include "GzipReader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace dfp::runtime {
namespace {

constexpr size_t kInputChunk = size_t(1) << 16;
constexpr size_t kMaxDrained = size_t(1) << 26;
constexpr int kGzipOnlyWindowBits = 15 + 16;
constexpr unsigned char kGzipMagic[2] = {0x1f, 0x8b};

} // namespace

GzipReader::GzipReader(std::string path)
    : path_(std::move(path)), input_(kInputChunk) {}

GzipReader::~GzipReader() {
  if (inflating_)
    inflateEnd(&stream_);
  if (file_)
    std::fclose(file_);
}

Status GzipReader::error(const std::string &problem) const {
  return Status::error(path_ + ": " + problem);
}

Status GzipReader::open() {
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_)
    return error(std::string("cannot open: ") + std::strerror(errno));
  bool gotInput = false;
  if (Status status = refill(gotInput); !status.ok())
    return status;
  gzip_ = stream_.avail_in >= 2 &&
          std::memcmp(stream_.next_in, kGzipMagic, sizeof(kGzipMagic)) == 0;
  if (!gzip_)
    return Status::success();
  if (inflateInit2(&stream_, kGzipOnlyWindowBits) != Z_OK)
    return error("cannot start gzip decompression (out of memory)");
  inflating_ = true;
  return Status::success();
}

Status GzipReader::refill(bool &gotInput) {
  size_t got = std::fread(input_.data(), 1, input_.size(), file_);
  if (got == 0 && std::ferror(file_))
    return error(std::string("read error: ") + std::strerror(errno));
  stream_.next_in = input_.data();
  stream_.avail_in = unsigned(got);
  gotInput = got > 0;
  return Status::success();
}

Status GzipReader::inflateSome(unsigned char *out, size_t size,
                               size_t &produced) {
  stream_.next_out = out;
  stream_.avail_out =
      unsigned(std::min<size_t>(size, std::numeric_limits<unsigned>::max()));
  unsigned requested = stream_.avail_out;
  while (stream_.avail_out == requested) {
    if (stream_.avail_in == 0) {
      bool gotInput = false;
      if (Status status = refill(gotInput); !status.ok())
        return status;
      if (!gotInput) {
        if (memberEnded_)
          break;
        return error("truncated gzip stream (unexpected end of file)");
      }
    }
    if (memberEnded_) {
      // Another gzip member follows (concatenated gzip files are valid).
      inflateReset(&stream_);
      memberEnded_ = false;
    }
    int result = inflate(&stream_, Z_NO_FLUSH);
    if (result == Z_STREAM_END) {
      memberEnded_ = true;
    } else if (result == Z_MEM_ERROR) {
      return error("out of memory while decompressing");
    } else if (result != Z_OK && result != Z_BUF_ERROR) {
      return error(std::string("corrupt gzip stream: ") +
                   (stream_.msg ? stream_.msg : "invalid data"));
    }
  }
  produced = requested - stream_.avail_out;
  return Status::success();
}

Status GzipReader::readSome(unsigned char *out, size_t size, size_t &produced) {
  if (gzip_)
    return inflateSome(out, size, produced);
  size_t fromBuffer = std::min<size_t>(size, stream_.avail_in);
  std::memcpy(out, stream_.next_in, fromBuffer);
  stream_.next_in += fromBuffer;
  stream_.avail_in -= unsigned(fromBuffer);
  size_t fromFile = std::fread(out + fromBuffer, 1, size - fromBuffer, file_);
  if (std::ferror(file_))
    return error(std::string("read error: ") + std::strerror(errno));
  produced = fromBuffer + fromFile;
  return Status::success();
}

Status GzipReader::readExact(void *buffer, size_t size, const char *what) {
  auto *bytes = static_cast<unsigned char *>(buffer);
  size_t done = 0;
  while (done < size) {
    size_t produced = 0;
    if (Status status = readSome(bytes + done, size - done, produced);
        !status.ok())
      return status;
    if (produced == 0)
      return error(std::string("truncated: file ends inside the ") + what +
                   " (" + std::to_string(done) + " of " + std::to_string(size) +
                   " bytes)");
    done += produced;
  }
  return Status::success();
}

Status GzipReader::expectEnd() {
  unsigned char extra;
  size_t produced = 0;
  if (Status status = readSome(&extra, 1, produced); !status.ok())
    return status;
  if (produced == 0)
    return Status::success();
  // More data than the header announced is often a corrupt stream: decode the
  // rest (bounded) so that a CRC error is reported as such.
  std::vector<unsigned char> scratch(kInputChunk);
  for (size_t drained = 0; gzip_ && produced != 0 && drained < kMaxDrained;
       drained += produced)
    if (Status status = readSome(scratch.data(), scratch.size(), produced);
        !status.ok())
      return status;
  return error("trailing data after the last element");
}

} // namespace dfp::runtime
