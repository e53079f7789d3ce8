// YAML through yaml-cpp (libyaml-cpp-dev): the one translation unit that includes it. A YAML
// description becomes JSON text, so the rest of the reader sees one kind of document.
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "suite/openapi.h"

namespace authspec {
namespace {

using json = nlohmann::ordered_json;

// Nesting deeper than this is refused (a description is a few dozen levels at most; a hostile
// one must not exhaust the stack), and so are more nodes than this once aliases are expanded (a
// few aliases of aliases multiply a small file into billions of nodes).
constexpr int kMaxDepth = 256;
constexpr std::size_t kMaxNodes = 4'000'000;

// A plain scalar as YAML 1.2's core schema reads it (null, booleans, numbers); quoted ones stay
// strings.
json scalar(const YAML::Node& n) {
  const std::string& v = n.Scalar();
  if (n.Tag() == "!") return v;  // quoted
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") return nullptr;
  if (v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "false" || v == "False" || v == "FALSE") return false;
  const json number = json::parse(v, nullptr, false);
  if (number.is_number()) return number;
  return v;
}

ApiDescriptionError too_deep(const std::string& name) {
  return ApiDescriptionError(name + ": nested deeper than " + std::to_string(kMaxDepth) +
                             " levels");
}

// The values of a document once its aliases are expanded, counted before anything is built (an
// alias bomb is refused in a fraction of the time building it would take).
void count_values(const YAML::Node& n, int depth, const std::string& name, std::size_t& nodes) {
  if (depth > kMaxDepth) throw too_deep(name);
  if (++nodes > kMaxNodes)
    throw ApiDescriptionError(name + ": more than " + std::to_string(kMaxNodes) +
                              " values once its aliases are expanded");
  if (n.IsSequence())
    for (const auto& item : n) count_values(item, depth + 1, name, nodes);
  if (n.IsMap())
    for (const auto& kv : n) count_values(kv.second, depth + 1, name, nodes);
}

// The document as JSON (count_values() has bounded it).
json convert(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar(n);
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : n) out.push_back(convert(item));
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : n) out[kv.first.as<std::string>()] = convert(kv.second);
      return out;
    }
  }
  return nullptr;
}

// yaml-cpp's parser recurses once per level of nesting, before convert() could count: a
// hostile document ("[[[[..." or "- - - - ...") would exhaust the stack inside it. So the
// nesting is bounded before parsing, generously: the indentation, the "- " and "? " of block
// collections on a line, and the open flow brackets (quoted ones counted too, which can only
// overestimate).
void bound_nesting(const std::string& text, const std::string& name) {
  constexpr int kMaxEstimate = 4 * kMaxDepth;
  int flow = 0;
  for (std::size_t i = 0; i < text.size();) {
    int level = 0;
    while (i < text.size() && text[i] == ' ') ++i, ++level;
    while (i + 1 < text.size() && (text[i] == '-' || text[i] == '?') && text[i + 1] == ' ') {
      i += 2;
      level += 2;
      while (i < text.size() && text[i] == ' ') ++i, ++level;
    }
    for (; i < text.size() && text[i] != '\n'; ++i) {
      if (text[i] == '[' || text[i] == '{') ++flow;
      if ((text[i] == ']' || text[i] == '}') && flow > 0) --flow;
      if (level + flow > kMaxEstimate) throw too_deep(name);
    }
    if (level + flow > kMaxEstimate) throw too_deep(name);
    ++i;
  }
}

}  // namespace

std::string description_as_json(const std::string& text, const std::string& name) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    const json doc = json::parse(text, nullptr, false);
    if (!doc.is_discarded()) return text;
  }
  bound_nesting(text, name);
  try {
    const YAML::Node doc = YAML::Load(text);
    std::size_t values = 0;
    count_values(doc, 0, name, values);
    return convert(doc).dump();
  } catch (const YAML::Exception& e) {
    throw ApiDescriptionError(name + ": line " + std::to_string(e.mark.line + 1) +
                              ": not JSON or YAML (" + e.msg + ")");
  } catch (const json::type_error&) {
    // (dump() refuses a string that is not UTF-8, which yaml-cpp lets through.)
    throw ApiDescriptionError(name + ": not UTF-8 text (OpenAPI documents are UTF-8)");
  }
}

}  // namespace authspec
