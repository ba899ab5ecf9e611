#include "tools/table.h"

#include <algorithm>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "tools/cli.h"

namespace keeper::tools {
namespace {

// Characters, not bytes, so that names like "Zoë" keep columns aligned.
size_t Width(std::string_view text) {
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

void Pad(std::string& out, std::string_view cell, size_t width) {
  out += cell;
  out.append(width - Width(cell), ' ');
}

// A cell on one line: a table row must not break.
std::string OneLine(std::string_view cell) {
  std::string out(cell);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; },
      ' ');
  return out;
}

}  // namespace

Format OutputFormat() {
  if (absl::GetFlag(FLAGS_json)) return Format::kJson;
  if (absl::GetFlag(FLAGS_csv)) return Format::kCsv;
  return Format::kText;
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::Text(std::string_view empty) const {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> headers;
  for (const Column& column : columns_) headers.push_back(column.header);
  lines.push_back(headers);
  for (const auto& row : rows_) {
    std::vector<std::string> line;
    for (const std::string& cell : row) line.push_back(OneLine(cell));
    lines.push_back(std::move(line));
  }
  std::vector<size_t> widths(columns_.size(), 0);
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], Width(line[i]));
    }
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i > 0) text += "  ";
      Pad(text, line[i], widths[i]);
    }
    // Padding after the last column is noise.
    text.erase(text.find_last_not_of(' ') + 1);
    absl::StrAppend(&out, text, "\n");
  };
  emit(lines[0]);
  std::vector<std::string> rule;
  for (size_t width : widths) rule.push_back(std::string(width, '-'));
  emit(rule);
  for (size_t i = 1; i < lines.size(); ++i) emit(lines[i]);
  if (rows_.empty()) {
    out += empty;
    out += "\n";
  }
  return out;
}

std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string Table::Csv() const {
  std::string out;
  auto emit = [&out](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += CsvField(cells[i]);
    }
    out += "\r\n";
  };
  std::vector<std::string> keys;
  for (const Column& column : columns_) keys.push_back(column.key);
  emit(keys);
  for (const auto& row : rows_) emit(row);
  return out;
}

std::string Table::Json() const {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : rows_) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t i = 0; i < columns_.size(); ++i) {
      object[columns_[i].key] = row[i];
    }
    rows.push_back(object);
  }
  return rows.dump() + "\n";
}

std::string Table::Render(Format format, std::string_view empty) const {
  switch (format) {
    case Format::kCsv:
      return Csv();
    case Format::kJson:
      return Json();
    case Format::kText:
      break;
  }
  return Text(empty);
}

int PrintError(Format format, std::string_view code, std::string_view message,
               int exit_code) {
  switch (format) {
    case Format::kJson:
      std::cerr << nlohmann::ordered_json{{"error",
                                           {{"code", code},
                                            {"message", message}}}}
                       .dump()
                << "\n";
      break;
    case Format::kCsv:
      std::cerr << "error,message\r\n"
                << CsvField(code) << "," << CsvField(message) << "\r\n";
      break;
    case Format::kText:
      std::cerr << "keeper: " << message << "\n";
      break;
  }
  return exit_code;
}

void Fields::Add(std::string label, std::string value) {
  fields_.emplace_back(std::move(label), std::move(value));
}

std::string Fields::Text(int indent) const {
  size_t width = 0;
  for (const auto& [label, value] : fields_) {
    width = std::max(width, Width(label) + 1);
  }
  std::string out;
  for (const auto& [label, value] : fields_) {
    std::string line(indent, ' ');
    Pad(line, label + ":", width);
    absl::StrAppend(&line, " ", value);
    line.erase(line.find_last_not_of(' ') + 1);
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

}  // namespace keeper::tools
