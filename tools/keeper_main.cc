// keeper: the admin and client command line.
//
//   keeper [--data_dir DIR] [--json|--csv] <subcommand> [flags]
#include <cstring>
#include <iostream>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/str_split.h"
#include "common/version.h"
#include "tools/admin_commands.h"
#include "tools/backup_commands.h"
#include "tools/bench_commands.h"
#include "tools/cli.h"
#include "tools/client_commands.h"
#include "tools/demo_command.h"
#include "tools/help.h"
#include "tools/proof_commands.h"
#include "tools/rebuild_commands.h"
#include "tools/report_command.h"
#include "tools/retention_command.h"
#include "tools/rectify_command.h"
#include "tools/returns_command.h"
#include "tools/sar_command.h"
#include "tools/timescales_command.h"

namespace keeper::tools {
namespace {

int RunHelp(const Args& args);

// Every subcommand, longest names first within a shared first word.
#define KEEPER_CALL                               \
  "--as NAME --purpose WHY [--server HOST:PORT] " \
  "[--tls_dir DIR] [--json|--csv] "
constexpr Subcommand kSubcommands[] = {
    {"stats", "number of events, head position and head hash", RunStats,
     "[--data_dir DIR] [--json]", "keeper --data_dir data stats"},
    {"verify",
     "recompute the hash chain, check every kept checkpoint; non-zero if "
     "broken",
     RunVerify, "[--data_dir DIR] [--json]", "keeper --data_dir data verify"},
    {"export", "every event as JSON Lines, in protobuf's JSON mapping",
     RunExport, "[--data_dir DIR]",
     "keeper --data_dir data export > events.jsonl"},
    {"backup",
     "a consistent, incremental backup --to DIR, from keeperd while it runs",
     RunBackup, "--to DIR [--data_dir DIR]",
     "keeper --data_dir data backup --to /var/backups/keeper"},
    {"restore", "restore the latest backup --from DIR into a new --data_dir",
     RunRestore, "--from DIR --data_dir NEW",
     "keeper restore --from /var/backups/keeper --data_dir restored"},
    {"import",
     "rebuild a new --data_dir from `keeper export` output (--from FILE)",
     RunImport, "--from FILE|- --data_dir NEW",
     "keeper --data_dir copy import --from events.jsonl"},
    {"bench append",
     "durable appends from --writers threads vs raw synced RocksDB puts",
     RunBenchAppend, "[--writers N] [--events N]",
     "keeper --data_dir /tmp/bench bench append --writers 16"},
    {"rebuild", "rebuild projections from position 1 (--projection NAME)",
     RunRebuild, "[--data_dir DIR] [--projection NAME]",
     "keeper --data_dir data rebuild --projection register"},
    {"bench rebuild",
     "rebuild rate on a generated store vs a raw scan of its events",
     RunBenchRebuild, "[--rebuild_events N]", "keeper bench rebuild"},
    {"demo",
     "write --children N deterministic case histories (--seed S) into a new "
     "--data_dir",
     RunDemo, "--data_dir DIR [--children N] [--seed S]",
     "keeper --data_dir /tmp/demo demo --children 20 --seed 7"},
    {"bench verify",
     "store verification rate vs plain SHA-256; proof latency at "
     "--proof_events",
     RunBenchVerify, "[--verify_events N] [--proof_events N] [--proofs N]",
     "keeper bench verify"},
    {"bench scale",
     "builds a store of --events events; disk, memory, rebuild, keeperd's "
     "start and proof latency against their aims",
     RunBenchScale, "[--events N] [--proofs N] [--keeperd PATH]",
     "keeper bench scale --events 1000000"},
    {"bench console",
     "server-side render time of the console's register, trail and "
     "dashboard pages",
     RunBenchConsole,
     "[--console_children N] [--console_trail N] [--console_renders N]",
     "keeper bench console"},
    {"tail", "follow keeperd's event feed (--server, --as, --purpose)", RunTail,
     KEEPER_CALL "[--from POSITION] [--count N] [--types A,B]",
     "keeper --as inspector --purpose audit tail --count 10"},
    {"checkpoint", "print the latest signed checkpoint (--tree_size N)",
     RunCheckpoint, "[--data_dir DIR] [--tree_size N]",
     "keeper --data_dir data checkpoint"},
    {"key", "print the log's verifier key, for checking checkpoints", RunKey,
     "[--data_dir DIR]", "keeper --data_dir data key > verifier.key"},
    {"proof inclusion", "proof that --position is in the log (JSON)",
     RunProofInclusion, "--position N [--tree_size N]",
     "keeper proof inclusion --position 42 > proof.json"},
    {"proof consistency",
     "proof that --first_size is a prefix of --second_size (JSON)",
     RunProofConsistency, "--first_size N [--second_size N]",
     "keeper proof consistency --first_size 100 --second_size 200"},
    {"proof event", "a verified read of --position from keeperd (JSON)",
     RunProofEvent, KEEPER_CALL "--position N",
     "keeper --as inspector --purpose inspection proof event --position 42"},
    {"proof verify",
     "check --proof against --checkpoint files and --verifier_key",
     RunProofVerify,
     "--proof FILE --checkpoint FILE[,FILE] --verifier_key FILE",
     "keeper proof verify --proof proof.json --checkpoint cp.json "
     "--verifier_key verifier.key"},
    {"register check",
     "is a child on a register? (--case_id, or --family_name, --given_name, "
     "--date_of_birth)",
     RunRegisterCheck,
     KEEPER_CALL "(--case_id C | --family_name F [--given_name G] "
                 "--date_of_birth YYYY-MM-DD)",
     "keeper --as police-officer --purpose \"section 47 enquiry\" register "
     "check --family_name Smith --date_of_birth 2016-05-14"},
    {"register list", "an authority's register, now or --as_of a time",
     RunRegisterList, KEEPER_CALL "--authority A [--as_of DATE|TIME]",
     "keeper --as inspector --purpose inspection register list --authority "
     "fife --as_of 2026-03-31"},
    {"case timeline",
     "a case's history: when each thing happened and when it was recorded",
     RunCaseTimeline, KEEPER_CALL "--case_id C",
     "keeper --as social-worker --purpose \"case review\" case timeline "
     "--case_id fife-2026-0042"},
    {"decision-record",
     "what was known at a conference's decision (--case_id, --conference_id)",
     RunDecisionRecord, KEEPER_CALL "--case_id C --conference_id K",
     "keeper --as team-manager --purpose review decision-record --case_id "
     "fife-2026-0042 --conference_id initial-1"},
    {"access-trail",
     "who read a child's record, and why (--case_id, --actor, --agency)",
     RunAccessTrail,
     KEEPER_CALL "[--case_id C] [--actor CN] [--agency A] [--from WHEN] "
                 "[--to WHEN] [--authority A] [--limit N]",
     "keeper --as inspector --purpose inspection access-trail --case_id "
     "fife-2026-0042 --from 2026-03-01 --to 2026-03-31"},
    {"notifications",
     "register enquiries that notified an authority, and their "
     "acknowledgements",
     RunNotifications,
     KEEPER_CALL "[--case_id C] [--actor CN] [--agency A] [--from WHEN] "
                 "[--to WHEN] [--authority A] [--limit N]",
     "keeper --as inspector --purpose inspection notifications"},
    {"acknowledge", "acknowledge a notification for your authority (--notice)",
     RunAcknowledge, KEEPER_CALL "--notice POSITION",
     "keeper --as social-worker --purpose duty acknowledge --notice 42"},
    {"change-trail", "who changed a child's record, and when", RunChangeTrail,
     KEEPER_CALL "[--case_id C] [--actor CN] [--from WHEN] [--to WHEN] "
                 "[--authority A] [--limit N]",
     "keeper --as inspector --purpose inspection --csv change-trail "
     "--case_id fife-2026-0042 > changes.csv"},
    {"timescales",
     "timescales met (--case_id, or --authority with --period or dates)",
     RunTimescales,
     KEEPER_CALL "--case_id C | --authority A (--period P | --from_date D "
                 "--to_date D)",
     "keeper --as inspector --purpose inspection timescales --authority fife "
     "--period 2026-Q1"},
    {"returns",
     "a statutory return: conferences, registrations, on-register, "
     "not-registered or plans",
     RunReturns,
     KEEPER_CALL "<kind> --authority A (--year Y | --from D --to D) [--table]",
     "keeper --as inspector --purpose \"statistical return\" returns "
     "conferences --authority fife --year 2026 > conferences.csv"},
    {"sar",
     "the disclosure bundle answering a subject access request, as JSON "
     "and HTML",
     RunSar,
     KEEPER_CALL "--case_id C --request_id R --released_to NAME --out PREFIX",
     "keeper --as data-protection --purpose \"subject access\" sar "
     "--case_id fife-2026-0042 --request_id sar-1 --released_to \"Kim "
     "Smith\" --out sar-1"},
    {"report",
     "a console page as a standalone document, HTML or --pdf: register, "
     "decision, trail or timescales",
     RunReport,
     KEEPER_CALL "register|decision|trail|timescales --out FILE [--pdf] "
                 "[--authority A] [--as_of DATE] [--case_id C] "
                 "[--conference_id K] [--period P] [--trail access|change] "
                 "[--actor CN] [--agency A] [--from DATE] [--to DATE] "
                 "[--page_size N] [--page_token T] [--chromium PATH]",
     "keeper --as team-manager --purpose \"court bundle\" report decision "
     "--case_id fife-2026-0042 --conference_id initial-1 --out decision.pdf "
     "--pdf"},
    {"retention report",
     "what is due for review or erasure on --date, and what each legal hold "
     "keeps back",
     RunRetentionReport, KEEPER_CALL "--authority A --date YYYY-MM-DD",
     "keeper --as data-protection --purpose \"retention review\" retention "
     "report --authority fife --date 2061-12-01"},
    {"hold place",
     "place a legal hold on a case, a child or all of an authority's records",
     RunHoldPlace,
     KEEPER_CALL "--authority A --hold_id H (--case_id C | --child_id X | "
                 "--all_records) --reason WHY",
     "keeper --as data-protection --purpose inquiry hold place --authority "
     "fife --hold_id inquiry-1 --all_records --reason \"Inquiry moratorium\""},
    {"hold lift", "lift a legal hold in force", RunHoldLift,
     KEEPER_CALL "--authority A --hold_id H --reason WHY",
     "keeper --as data-protection --purpose inquiry hold lift --authority "
     "fife --hold_id inquiry-1 --reason \"Inquiry reported\""},
    {"rectify request",
     "mark content disputed: a request to rectify an event or report part",
     RunRectifyRequest,
     KEEPER_CALL "--case_id C --request_id R (--position P | --report_id X "
                 "[--report_version V] --part N) [--subject P] "
                 "--requested_by NAME --inaccuracy TEXT [--received_on D]",
     "keeper --as data-protection --purpose rectification rectify request "
     "--case_id fife-2026-0042 --request_id rect-1 --position 17 --subject "
     "mum --requested_by \"Kim Smith\" --inaccuracy \"I was at the "
     "appointment\""},
    {"rectify correct",
     "a rectification's outcome: corrected, by a report version or later "
     "event",
     RunRectifyCorrect,
     KEEPER_CALL "--case_id C --request_id R (--corrected_version V | "
                 "--correction_position P) [--outcome_reason TEXT]",
     "keeper --as data-protection --purpose rectification rectify correct "
     "--case_id fife-2026-0042 --request_id rect-1 --corrected_version 2"},
    {"rectify decline",
     "a rectification's outcome: not corrected, with the person's "
     "supplementary statement",
     RunRectifyDecline,
     KEEPER_CALL "--case_id C --request_id R --outcome_reason TEXT "
                 "--statement TEXT",
     "keeper --as data-protection --purpose rectification rectify decline "
     "--case_id fife-2026-0042 --request_id rect-1 --outcome_reason \"The "
     "clinic's record stands\" --statement \"I was there\""},
    {"bench grpc",
     "commands/s and register checks/s through a running keeperd "
     "(--clients, --seconds)",
     RunBenchGrpc,
     "[--server HOST:PORT] [--clients N] [--seconds S] "
     "[--check_rate N]",
     "keeper bench grpc --clients 8 --seconds 5"},
    {"bench crash",
     "SIGKILLs keeperd under command load, restarts, checks nothing "
     "acknowledged is lost or duplicated",
     RunBenchCrash, "[--kills N] [--clients N] [--keeperd PATH]",
     "keeper bench crash --kills 1000"},
    {"bench soak",
     "keeperd's RSS and p99 latency every minute under a fixed rate of calls",
     RunBenchSoak,
     "[--minutes N] [--rate R] [--budget_mb M] [--clients N] [--keeperd PATH]",
     "keeper bench soak --minutes 30 --rate 300"},
    {"help", "this list; `keeper help <subcommand>` for one", RunHelp,
     "[<subcommand>]", "keeper help access-trail"},
};
#undef KEEPER_CALL

const Subcommand* Find(const Args& words, size_t* used);

int RunHelp(const Args& args) {
  if (size_t used = 0; !args.empty()) {
    if (const Subcommand* sub = Find(args, &used)) {
      PrintSubcommandHelp(*sub, std::cout);
      return 0;
    }
    std::cerr << "keeper: no subcommand '" << args[0] << "'\n";
    return 2;
  }
  PrintSummary(kSubcommands, std::cout);
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

const Subcommand* Find(const Args& words, size_t* used) {
  for (const Subcommand& sub : kSubcommands) {
    if (size_t n = Matches(sub, words); n > 0) {
      *used = n;
      return &sub;
    }
  }
  return nullptr;
}

}  // namespace
}  // namespace keeper::tools

int main(int argc, char** argv) {
  using namespace keeper::tools;
  absl::SetProgramUsageMessage(
      "keeper [--data_dir DIR] [--json] <subcommand> [flags]; "
      "`keeper help` lists the subcommands");
  absl::FlagsUsageConfig usage;
  usage.version_string = [] { return keeper::VersionLine("keeper") + "\n"; };
  absl::SetFlagsUsageConfig(usage);
  const bool help = TakeHelpFlag(argc, argv);
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  Args words(positional.begin() + 1, positional.end());
  if (words.empty()) {
    RunHelp({});
    return help ? 0 : 2;
  }
  size_t used = 0;
  if (const Subcommand* sub = Find(words, &used)) {
    if (help) return RunHelp(Args(words.begin(), words.begin() + used));
    return sub->run(Args(words.begin() + used, words.end()));
  }
  std::cerr << "keeper: unknown subcommand '" << words[0]
            << "'; `keeper help` lists them\n";
  return 2;
}
