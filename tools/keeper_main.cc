// keeper: the admin and client command line.
//
//   keeper [--data_dir DIR] [--json] <subcommand> [flags]
#include <cstring>
#include <iostream>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_split.h"
#include "tools/admin_commands.h"
#include "tools/bench_commands.h"
#include "tools/cli.h"
#include "tools/client_commands.h"
#include "tools/demo_command.h"
#include "tools/proof_commands.h"
#include "tools/rebuild_commands.h"
#include "tools/timescales_command.h"

namespace keeper::tools {
namespace {

int RunHelp(const Args& args);

// Every subcommand, longest names first within a shared first word.
constexpr Subcommand kSubcommands[] = {
    {"stats", "number of events, head position and head hash", RunStats},
    {"verify", "recompute the whole hash chain; non-zero if broken", RunVerify},
    {"export", "every event as JSON Lines, in protobuf's JSON mapping",
     RunExport},
    {"bench append",
     "durable appends from --writers threads vs raw synced RocksDB puts",
     RunBenchAppend},
    {"rebuild", "rebuild projections from position 1 (--projection NAME)",
     RunRebuild},
    {"bench rebuild",
     "rebuild rate on a generated store vs a raw scan of its events",
     RunBenchRebuild},
    {"demo",
     "write --children N deterministic case histories (--seed S) into a new "
     "--data_dir",
     RunDemo},
    {"bench verify",
     "store verification rate vs plain SHA-256; proof latency at "
     "--proof_events",
     RunBenchVerify},
    {"tail", "follow keeperd's event feed (--server, --as, --purpose)",
     RunTail},
    {"checkpoint", "print the latest signed checkpoint (--tree_size N)",
     RunCheckpoint},
    {"key", "print the log's verifier key, for checking checkpoints", RunKey},
    {"proof inclusion", "proof that --position is in the log (JSON)",
     RunProofInclusion},
    {"proof consistency",
     "proof that --first_size is a prefix of --second_size (JSON)",
     RunProofConsistency},
    {"proof event", "a verified read of --position from keeperd (JSON)",
     RunProofEvent},
    {"proof verify",
     "check --proof against --checkpoint files and --verifier_key",
     RunProofVerify},
    {"register check",
     "is a child on a register? (--case_id, or --family_name, --given_name, "
     "--date_of_birth)",
     RunRegisterCheck},
    {"decision-record",
     "what was known at a conference's decision (--case_id, --conference_id)",
     RunDecisionRecord},
    {"access-trail",
     "who read a child's record, and why (--case_id, --actor, --agency)",
     RunAccessTrail},
    {"timescales",
     "timescales met (--case_id, or --authority with --period or dates)",
     RunTimescales},
    {"bench grpc",
     "commands/s and register checks/s through a running keeperd "
     "(--clients, --seconds)",
     RunBenchGrpc},
    {"help", "this list", RunHelp},
};

int RunHelp(const Args&) {
  std::cout << "usage: keeper [--data_dir DIR] [--json] <subcommand> "
               "[flags]\n\nsubcommands:\n";
  for (const Subcommand& sub : kSubcommands) {
    std::cout << "  " << sub.name
              << std::string(20 - std::strlen(sub.name), ' ') << sub.summary
              << "\n";
  }
  std::cout << "\n`keeper --helpfull` lists every flag.\n";
  return 0;
}

// The number of leading words of `words` that name `sub`, or 0.
size_t Matches(const Subcommand& sub, const Args& words) {
  Args name = absl::StrSplit(sub.name, ' ');
  if (words.size() < name.size()) return 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (words[i] != name[i]) return 0;
  }
  return name.size();
}

}  // namespace
}  // namespace keeper::tools

int main(int argc, char** argv) {
  using namespace keeper::tools;
  absl::SetProgramUsageMessage(
      "keeper [--data_dir DIR] [--json] <subcommand> [flags]; "
      "`keeper help` lists the subcommands");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  Args words(positional.begin() + 1, positional.end());
  if (words.empty()) {
    RunHelp({});
    return 2;
  }
  for (const Subcommand& sub : kSubcommands) {
    if (size_t used = Matches(sub, words); used > 0) {
      return sub.run(Args(words.begin() + used, words.end()));
    }
  }
  std::cerr << "keeper: unknown subcommand '" << words[0]
            << "'; `keeper help` lists them\n";
  return 2;
}
