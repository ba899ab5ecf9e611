#include "tools/demo_command.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/data_dir.h"
#include "domain/case_commands.h"
#include "domain/command_meta.h"
#include "nlohmann/json.hpp"
#include "projections/engine.h"
#include "projections/registry.h"
#include "tools/demo_plan.h"

ABSL_FLAG(int, children, 100, "demo: how many children's histories");
ABSL_FLAG(uint64_t, seed, 1, "demo: the seed every random choice comes from");

namespace keeper::tools {
namespace {

// Sets a command's idempotency key and the case version it expects.
void Stamp(google::protobuf::Message& body, const std::string& key,
           uint64_t expected_version) {
  const auto* descriptor = body.GetDescriptor();
  const auto* reflection = body.GetReflection();
  reflection->SetString(&body, descriptor->FindFieldByName("idempotency_key"),
                        key);
  reflection->SetUInt64(&body, descriptor->FindFieldByName("expected_version"),
                        expected_version);
}

}  // namespace

std::string DevCertsScript() {
  std::error_code error;
  if (std::filesystem::is_regular_file(KEEPER_DEV_CERTS_INSTALL_PATH, error)) {
    return KEEPER_DEV_CERTS_INSTALL_PATH;
  }
  return KEEPER_DEV_CERTS_SOURCE_PATH;
}

absl::Status MakeDevCertificates(const std::string& dir) {
  const std::string script = DevCertsScript();
  char* argv[] = {const_cast<char*>(script.c_str()),
                  const_cast<char*>(dir.c_str()), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, script.c_str(), nullptr, nullptr, argv, environ) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot run ", script, " to make certificates"));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(
        absl::StrCat(script, " ", dir, " failed: is openssl installed?"));
  }
  return absl::OkStatus();
}

absl::StatusOr<DemoResult> WriteDemo(const std::string& data_dir, int children,
                                     uint64_t seed,
                                     const domain::PolicyRegistry& policies,
                                     const std::string& authority) {
  if (children < 1) {
    return absl::InvalidArgumentError("--children must be at least 1");
  }
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.sync = false;  // generated data: a crash just means run it again
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return store.status();
  if ((*store)->GetHead().position != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        data_dir, " already holds events; demo writes a new store"));
  }
  DemoRandom random(seed);
  absl::StatusOr<std::vector<DemoStep>> planned =
      PlanDemo(children, random, policies, authority);
  if (!planned.ok()) return planned.status();
  const std::vector<DemoStep>& steps = *planned;

  domain::CaseCommands commands(store->get(), &policies);
  // Records reads exactly as keeperd's gate does, with seeded ids; it only
  // records, so it needs no access rules.
  services::AccessGate gate(v1::AccessPolicy(), **store,
                            [&random] { return random.Uuid(); });
  absl::flat_hash_map<std::string, uint64_t> versions;
  DemoResult result;
  for (const DemoStep& step : steps) {
    if (step.command == nullptr) {
      services::Caller caller;
      caller.subject = step.actor.subject();
      caller.agency = step.actor.agency();
      caller.role = step.actor.role();
      caller.purpose = step.purpose;
      if (absl::Status s = gate.RecordRead(caller, step.method, step.read);
          !s.ok()) {
        return s;
      }
      ++result.enquiries;
      continue;
    }
    absl::StatusOr<v1::Command> command = domain::WrapCommand(*step.command);
    if (!command.ok()) return command.status();
    absl::StatusOr<domain::CommandMeta> meta = domain::GetCommandMeta(*command);
    if (!meta.ok()) return meta.status();
    Stamp(*step.command, random.Uuid(), versions[meta->case_id]);
    command = domain::WrapCommand(*step.command);
    domain::CallContext call;
    call.actor = step.actor;
    call.purpose = step.purpose;
    call.correlation_id = meta->case_id;
    call.now = step.when;
    absl::StatusOr<v1::CommandResult> done = commands.Execute(*command, call);
    if (!done.ok()) {
      return absl::Status(
          done.status().code(),
          absl::StrCat("demo step ", meta->name, " on ", meta->case_id, ": ",
                       done.status().message()));
    }
    versions[meta->case_id] = done->case_version();
    ++result.commands;
  }
  result.events = (*store)->GetHead().position;

  auto engine = projections::ProjectionEngine::Open(
      {.dir = ProjectionsDir(data_dir)}, **store,
      projections::AllProjections(policies));
  if (!engine.ok()) return engine.status();
  if (absl::Status s = (*engine)->CatchUp(); !s.ok()) return s;
  return result;
}

int RunDemo(const Args&) {
  absl::StatusOr<domain::PolicyRegistry> policies = LoadPolicies();
  if (!policies.ok()) return Fail(policies.status());
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  absl::StatusOr<DemoResult> result =
      WriteDemo(data_dir, absl::GetFlag(FLAGS_children),
                absl::GetFlag(FLAGS_seed), *policies);
  if (!result.ok()) return Fail(result.status());
  // So that keeperd starts on the demo's directory as it is.
  const std::string tls_dir = TlsDir(data_dir);
  if (absl::Status made = MakeDevCertificates(tls_dir); !made.ok()) {
    return Fail(made);
  }
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"commands", result->commands},
                                {"enquiries", result->enquiries},
                                {"events", result->events}}
                     .dump()
              << "\n";
  } else {
    std::cout << absl::StrFormat(
        "demo: %d commands and %d register enquiries, %d events in %s; "
        "projections up to date; development certificates in %s\n"
        "next: keeperd --data_dir %s, then e.g.\n"
        "  keeper --data_dir %s --as inspector --purpose audit tail "
        "--count 5\n",
        result->commands, result->enquiries, result->events, data_dir, tls_dir,
        data_dir, data_dir);
  }
  return 0;
}

}  // namespace keeper::tools
