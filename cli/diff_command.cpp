// authspec diff A.json B.json: two runs (staging and production, two builds) side by side, with
// what differs highlighted. Exit 0 when every verdict is the same, 1 when some differ, 2 on bad
// input (like diff(1)).
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command_line.h"
#include "reports/report.h"

namespace authspec {
namespace {

using nlohmann::json;

struct Side {
  std::string verdict = "(not run)", message;
};
struct Row {
  std::string check, resource, level, title;
  Side a, b;
  bool differs() const { return a.verdict != b.verdict; }
};

}  // namespace

namespace {

po::options_description diff_options(std::map<std::string, std::string>& outputs) {
  po::options_description desc("authspec diff options");
  // clang-format off
  desc.add_options()
      ("json", po::value(&outputs["json"])->value_name("FILE"), "write the differences as JSON to FILE")
      ("markdown", po::value(&outputs["markdown"])->value_name("FILE"), "write the differences as a Markdown table to FILE")
      ("html", po::value(&outputs["html"])->value_name("FILE"), "write the differences as a self-contained HTML page to FILE");
  // clang-format on
  return desc;
}

}  // namespace

std::vector<OptionDoc> diff_option_docs() {
  std::map<std::string, std::string> unused;
  return option_docs(diff_options(unused));
}

int diff_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> files;
  std::map<std::string, std::string> outputs;  // --json/--markdown/--html FILE
  po::variables_map vm;
  if (const auto stop =
          parse_command_line("diff", diff_options(outputs), args, &files, vm, out, err))
    return *stop;
  keep_given_outputs(outputs, vm);
  if (files.size() != 2)
    return usage_error("diff", "give two JSON reports: authspec diff A.json B.json", err);
  JsonReport reports[2];
  for (int i = 0; i < 2; ++i) {
    try {
      reports[i] = read_json_report_verdicts(files[i]);
    } catch (const JsonReportError& e) {
      err << "authspec diff: " << e.what() << "\n";
      return 2;
    }
  }
  std::vector<Row> rows;
  std::map<std::string, std::size_t> index;
  for (int side = 0; side < 2; ++side)
    for (const auto& r : reports[side].results) {
      const std::string key = r.check + " " + r.resource;
      auto it = index.find(key);
      if (it == index.end()) {
        it = index.emplace(key, rows.size()).first;
        rows.push_back({r.check, r.resource, r.level, r.title, {}, {}});
      }
      Side& s = side == 0 ? rows[it->second].a : rows[it->second].b;
      s = {r.verdict, r.message};
    }
  std::size_t differ = 0;
  for (const auto& r : rows) differ += r.differs();
  const std::string a_name = reports[0].document.value("target", files[0]),
                    b_name = reports[1].document.value("target", files[1]);

  out << "A: " << files[0] << " (" << a_name << ", score " << reports[0].summary().value("score", 0)
      << ", grade " << reports[0].summary().value("grade", "") << ")\nB: " << files[1] << " ("
      << b_name << ", score " << reports[1].summary().value("score", 0) << ", grade "
      << reports[1].summary().value("grade", "") << ")\n";
  for (const auto& r : rows)
    if (r.differs())
      out << "  " << r.check << " " << r.resource << ": " << r.a.verdict << " -> " << r.b.verdict
          << "\n";
  out << differ << " of " << rows.size() << " results differ\n";

  auto write = [&](const std::string& kind, auto&& body) {
    if (!outputs.count(kind)) return true;
    std::ofstream f(outputs[kind], std::ios::binary);
    body(f);
    if (!f) err << "authspec diff: cannot write " << outputs[kind] << "\n";
    return static_cast<bool>(f);
  };
  bool ok = write("json", [&](std::ostream& o) {
    json j = {{"a", {{"file", files[0]}, {"target", a_name}, {"summary", reports[0].summary()}}},
              {"b", {{"file", files[1]}, {"target", b_name}, {"summary", reports[1].summary()}}},
              {"differ", differ},
              {"results", json::array()}};
    for (const auto& r : rows)
      j["results"].push_back({{"check", r.check},
                              {"resource", r.resource},
                              {"level", r.level},
                              {"a", {{"verdict", r.a.verdict}, {"message", r.a.message}}},
                              {"b", {{"verdict", r.b.verdict}, {"message", r.b.message}}},
                              {"differs", r.differs()}});
    o << j.dump(2) << "\n";
  });
  ok = write("markdown",
             [&](std::ostream& o) {
               o << "## authspec diff: " << differ << " of " << rows.size() << " results differ\n\n"
                 << "A: `" << markdown_cell(a_name) << "`, B: `" << markdown_cell(b_name) << "`\n\n"
                 << "| check | resource | A | B |\n|---|---|---|---|\n";
               for (const auto& r : rows)
                 if (r.differs())
                   o << "| " << r.check << " | " << markdown_cell(r.resource) << " | "
                     << r.a.verdict << ": " << markdown_prose(r.a.message) << " | " << r.b.verdict
                     << ": " << markdown_prose(r.b.message) << " |\n";
             }) &&
       ok;
  ok = write(
           "html",
           [&](std::ostream& o) {
             o << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>authspec "
                  "diff"
               << "</title><style>body{font:14px system-ui,sans-serif;margin:24px}table{border-"
               << "collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:4px;"
               << "vertical-align:top;text-align:left}tr.differs{background:#fff8c5}</style></head>"
               << "<body><h1>authspec diff</h1><p>A: " << escape_markup(a_name)
               << "<br>B: " << escape_markup(b_name) << "</p><p id=\"differ\">" << differ << " of "
               << rows.size()
               << " results differ (highlighted)</p><table><tr><th>check</th><th>resource</th>"
               << "<th>A</th><th>B</th></tr>";
             for (const auto& r : rows)
               o << "<tr" << (r.differs() ? " class=\"differs\"" : "") << "><td>"
                 << escape_markup(r.check) << "</td><td>" << escape_markup(r.resource)
                 << "</td><td><b>" << r.a.verdict << "</b> " << escape_markup(r.a.message)
                 << "</td><td><b>" << r.b.verdict << "</b> " << escape_markup(r.b.message)
                 << "</td></tr>";
             o << "</table></body></html>\n";
           }) &&
       ok;
  if (!ok) return 2;
  return differ ? 1 : 0;
}

}  // namespace authspec
