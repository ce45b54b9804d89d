#ifndef DFP_TRAIN_JSON_H
#define DFP_TRAIN_JSON_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dfp::train {

/// "text" with JSON escapes.
std::string jsonString(const std::string &text);
/// A number with 9 significant digits; null when not finite (JSON has no
/// NaN).
std::string jsonNumber(double value);

/// Builds one JSON object, members in the order added.
class JsonObject {
public:
  JsonObject &add(const std::string &key, const std::string &value);
  JsonObject &add(const std::string &key, const char *value);
  JsonObject &add(const std::string &key, double value);
  JsonObject &add(const std::string &key, int64_t value);
  JsonObject &add(const std::string &key, bool value);
  /// `json` is inserted as it is (an array or object built elsewhere).
  JsonObject &addRaw(const std::string &key, const std::string &json);

  /// Pretty-printed at `indent` spaces per level.
  std::string str(int indent = 0) const;

private:
  std::vector<std::pair<std::string, std::string>> members_;
};

/// "[a, b]" from already encoded values.
std::string jsonArray(const std::vector<std::string> &encodedValues);

/// The top-level members of a JSON object whose values are strings, numbers,
/// booleans or null, as text (strings unescaped); nested arrays and objects
/// are checked and skipped. Errors name `source` and the byte offset.
Status parseJsonScalars(const std::string &text, const std::string &source,
                        std::map<std::string, std::string> &out);

} // namespace dfp::train

#endif // DFP_TRAIN_JSON_H
