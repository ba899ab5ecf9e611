// How the `keeper` listings print: an aligned table for people, CSV or JSON
// for programs. A listing builds one Table and renders it in the format the
// flags chose, so the three never drift apart.
#ifndef KEEPER_TOOLS_TABLE_H_
#define KEEPER_TOOLS_TABLE_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace keeper::tools {

enum class Format { kText, kCsv, kJson };

// --json or --csv (--json wins when both are given); else text.
Format OutputFormat();

struct Column {
  std::string key;     // the CSV header and JSON name, e.g. "recorded_time"
  std::string header;  // the table header, e.g. "recorded"
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // One cell per column; missing cells are empty, extra ones dropped.
  void AddRow(std::vector<std::string> cells);

  size_t size() const { return rows_.size(); }
  const std::vector<Column>& columns() const { return columns_; }

  // Headers, a rule, then the rows, each column padded to its widest cell
  // (counted in UTF-8 characters); `empty` stands in for no rows.
  std::string Text(std::string_view empty = "(none)") const;
  // RFC 4180: a header line of keys; cells quoted when they hold a comma,
  // quote, CR or LF; lines end with CRLF.
  std::string Csv() const;
  // An array of objects keyed by the columns' keys.
  std::string Json() const;

  std::string Render(Format format, std::string_view empty = "(none)") const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// One CSV field, quoted if needed.
std::string CsvField(std::string_view field);

// Prints an error in the chosen format to stderr: `keeper: message` as
// text, {"error": {"code", "message"}} as JSON, a two-column CSV row.
// Returns `exit_code`.
int PrintError(Format format, std::string_view code, std::string_view message,
               int exit_code);

// `label: value` lines with the labels aligned, for one record's fields.
class Fields {
 public:
  void Add(std::string label, std::string value);
  std::string Text(int indent = 0) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_TABLE_H_
