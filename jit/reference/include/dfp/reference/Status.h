#ifndef DFP_REFERENCE_STATUS_H
#define DFP_REFERENCE_STATUS_H

#include <string>
#include <utility>

namespace dfp {

/// Result of an operation a user can make fail (bad shapes, non-finite data).
/// The jit/ libraries do not depend on LLVM, so this stands in for llvm::Error;
/// compiler code converts it with a one-line helper.
class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    return Status(std::move(message));
  }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string &message() const { return message_; }

private:
  Status() = default;
  explicit Status(std::string message)
      : failed_(true), message_(std::move(message)) {}

  bool failed_ = false;
  std::string message_;
};

} // namespace dfp

#endif // DFP_REFERENCE_STATUS_H
