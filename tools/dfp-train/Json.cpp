#include "Json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dfp::train {

std::string jsonString(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string jsonNumber(double value) {
  if (!std::isfinite(value))
    return "null";
  char text[40];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

JsonObject &JsonObject::add(const std::string &key, const std::string &value) {
  return addRaw(key, jsonString(value));
}
JsonObject &JsonObject::add(const std::string &key, const char *value) {
  return addRaw(key, jsonString(value));
}
JsonObject &JsonObject::add(const std::string &key, double value) {
  return addRaw(key, jsonNumber(value));
}
JsonObject &JsonObject::add(const std::string &key, int64_t value) {
  return addRaw(key, std::to_string(value));
}
JsonObject &JsonObject::add(const std::string &key, bool value) {
  return addRaw(key, value ? "true" : "false");
}
JsonObject &JsonObject::addRaw(const std::string &key,
                               const std::string &json) {
  members_.emplace_back(key, json);
  return *this;
}

std::string JsonObject::str(int indent) const {
  std::string pad(indent + 2, ' ');
  std::string out = "{";
  for (size_t i = 0; i < members_.size(); ++i)
    out += (i ? ",\n" : "\n") + pad + jsonString(members_[i].first) + ": " +
           members_[i].second;
  return out + "\n" + std::string(indent, ' ') + "}";
}

std::string jsonArray(const std::vector<std::string> &encodedValues) {
  std::string out = "[";
  for (size_t i = 0; i < encodedValues.size(); ++i)
    out += (i ? ", " : "") + encodedValues[i];
  return out + "]";
}

namespace {

/// A recursive-descent reader over the JSON grammar.
class JsonReader {
public:
  JsonReader(const std::string &text, const std::string &source)
      : text_(text), source_(source) {}

  Status readTopObject(std::map<std::string, std::string> &out) {
    skipSpace();
    if (!consume('{'))
      return fail("expected '{'");
    skipSpace();
    if (!consume('}')) {
      do {
        skipSpace();
        std::string key, value;
        if (Status s = readString(key); !s)
          return s;
        skipSpace();
        if (!consume(':'))
          return fail("expected ':'");
        skipSpace();
        bool scalar = false;
        if (Status s = readValue(value, scalar); !s)
          return s;
        if (scalar)
          out[key] = value;
        skipSpace();
      } while (consume(','));
      if (!consume('}'))
        return fail("expected ',' or '}'");
    }
    skipSpace();
    if (pos_ != text_.size())
      return fail("trailing characters");
    return Status::success();
  }

private:
  Status fail(const std::string &what) const {
    return Status::error(source_ + ": invalid JSON at byte " +
                         std::to_string(pos_) + ": " + what);
  }
  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool consumeWord(const char *word) {
    std::string w = word;
    if (text_.compare(pos_, w.size(), w) != 0)
      return false;
    pos_ += w.size();
    return true;
  }

  Status readString(std::string &out) {
    if (!consume('"'))
      return fail("expected a string");
    out.clear();
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size())
        break;
      char e = text_[pos_++];
      switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        if (pos_ + 4 > text_.size())
          return fail("short \\u escape");
        std::string digits = text_.substr(pos_, 4);
        char *end = nullptr;
        unsigned code = unsigned(std::strtoul(digits.c_str(), &end, 16));
        if (*end != '\0')
          return fail("bad \\u escape");
        pos_ += 4;
        // Enough for the ASCII this tool writes; others become '?'.
        out += code < 0x80 ? char(code) : '?';
        break;
      }
      default:
        out += e;
      }
    }
    if (!consume('"'))
      return fail("unterminated string");
    return Status::success();
  }

  Status readValue(std::string &out, bool &scalar) {
    scalar = true;
    if (pos_ >= text_.size())
      return fail("expected a value");
    char c = text_[pos_];
    if (c == '"')
      return readString(out);
    if (consumeWord("true")) {
      out = "true";
      return Status::success();
    }
    if (consumeWord("false")) {
      out = "false";
      return Status::success();
    }
    if (consumeWord("null")) {
      out = "null";
      return Status::success();
    }
    if (c == '[' || c == '{') {
      scalar = false;
      return skipNested();
    }
    size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string("+-0123456789.eE").find(text_[pos_]) !=
               std::string::npos)
      ++pos_;
    if (pos_ == start)
      return fail("expected a value");
    out = text_.substr(start, pos_ - start);
    return Status::success();
  }

  Status skipNested() {
    char open = text_[pos_++];
    char close = open == '[' ? ']' : '}';
    skipSpace();
    if (consume(close))
      return Status::success();
    do {
      skipSpace();
      if (open == '{') {
        std::string key;
        if (Status s = readString(key); !s)
          return s;
        skipSpace();
        if (!consume(':'))
          return fail("expected ':'");
        skipSpace();
      }
      std::string ignored;
      bool scalar = false;
      if (Status s = readValue(ignored, scalar); !s)
        return s;
      skipSpace();
    } while (consume(','));
    if (!consume(close))
      return fail(std::string("expected ',' or '") + close + "'");
    return Status::success();
  }

  const std::string &text_;
  const std::string &source_;
  size_t pos_ = 0;
};

} // namespace

Status parseJsonScalars(const std::string &text, const std::string &source,
                        std::map<std::string, std::string> &out) {
  std::map<std::string, std::string> members;
  if (Status s = JsonReader(text, source).readTopObject(members); !s)
    return s;
  out = std::move(members);
  return Status::success();
}

} // namespace dfp::train
