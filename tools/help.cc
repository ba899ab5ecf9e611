#include "tools/help.h"

#include <cstring>
#include <regex>
#include <set>
#include <string>

#include "absl/flags/reflection.h"

namespace keeper::tools {
namespace {

void PrintFlag(const std::string& name, std::ostream& out) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  if (flag == nullptr) return;
  out << "  --" << name;
  if (name.size() < 18) out << std::string(18 - name.size(), ' ');
  out << "  " << flag->Help();
  if (const std::string value = flag->DefaultValue();
      !value.empty() && value != "false" && value != "0") {
    out << " (default " << value << ")";
  }
  out << "\n";
}

}  // namespace

void PrintSummary(std::span<const Subcommand> subcommands, std::ostream& out) {
  out << "usage: keeper [--data_dir DIR] [--json|--csv] <subcommand> "
         "[flags]\n\nsubcommands:\n";
  for (const Subcommand& sub : subcommands) {
    const size_t length = std::strlen(sub.name);
    out << "  " << sub.name << std::string(length < 20 ? 20 - length : 1, ' ')
        << sub.summary << "\n";
  }
  out << "\n`keeper help <subcommand>` or `keeper <subcommand> --help` "
         "describes one; `keeper --helpfull` lists every flag.\n";
}

void PrintSubcommandHelp(const Subcommand& sub, std::ostream& out) {
  out << "usage: keeper " << sub.name;
  if (*sub.usage != '\0') out << " " << sub.usage;
  out << "\n\n" << sub.summary << "\n";
  std::set<std::string> seen;
  std::vector<std::string> names;
  const std::string usage = sub.usage;
  static const std::regex kFlag("--([a-z_]+)");
  for (auto it = std::sregex_iterator(usage.begin(), usage.end(), kFlag);
       it != std::sregex_iterator(); ++it) {
    if (seen.insert((*it)[1]).second) names.push_back((*it)[1]);
  }
  if (!names.empty()) {
    out << "\nflags:\n";
    for (const std::string& name : names) PrintFlag(name, out);
  }
  if (*sub.example != '\0') out << "\nexample:\n  " << sub.example << "\n";
}

bool TakeHelpFlag(int& argc, char** argv) {
  bool found = false;
  int kept = 0;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i > 0 && (arg == "--help" || arg == "-help" || arg == "-h")) {
      found = true;
      continue;
    }
    argv[kept++] = argv[i];
  }
  argc = kept;
  return found;
}

}  // namespace keeper::tools
