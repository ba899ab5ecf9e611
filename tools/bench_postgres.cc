#include "tools/bench_postgres.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/files.h"
#include "common/status_macros.h"
#include "common/temp_dir.h"
#include "eventstore/uuid.h"

ABSL_FLAG(std::string, postgres_bin, "/usr/lib/postgresql/15/bin",
          "bench grpc: PostgreSQL 15's programs (Debian's postgresql-15); the "
          "PostgreSQL baseline is skipped when initdb is not there");

extern char** environ;

namespace keeper::tools {
namespace {

// The user PostgreSQL runs as when this runs as root: it refuses root.
constexpr char kUnprivileged[] = "nobody";

// Runs `argv` (as `as_user` when given) with its output appended to `log`,
// and waits for it.
absl::Status RunProgram(std::vector<std::string> argv,
                        const std::string& as_user, const std::string& log) {
  if (!as_user.empty()) {
    argv.insert(argv.begin(), {"runuser", "-u", as_user, "--"});
  }
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned =
      posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return absl::FailedPreconditionError(absl::StrCat("cannot run ", argv[0]));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    auto tail = ReadFileToString(log);
    return absl::InternalError(absl::StrCat(
        absl::StrJoin(argv, " "), " failed; its output:\n",
        tail.ok() ? tail->substr(tail->size() > 2000 ? tail->size() - 2000 : 0)
                  : ""));
  }
  return absl::OkStatus();
}

// A loopback port free now.
absl::StatusOr<int> FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    return absl::UnavailableError("no free loopback port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

// A PostgreSQL server of its own, stopped when this goes out of scope.
class PrivatePostgres {
 public:
  explicit PrivatePostgres(std::string bin) : bin_(std::move(bin)) {}
  ~PrivatePostgres() {
    if (started_) {
      RunProgram(
          {Bin("pg_ctl"), "stop", "-D", dir_.Sub("data"), "-m", "fast", "-w"},
          user_, dir_.Sub("pg_ctl.out"))
          .IgnoreError();
    }
  }

  absl::Status Start(int connections) {
    if (dir_.path().empty()) return absl::InternalError("no temp directory");
    if (geteuid() == 0) {
      const passwd* user = getpwnam(kUnprivileged);
      if (user == nullptr ||
          chown(dir_.path().c_str(), user->pw_uid, user->pw_gid) != 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("running as root, PostgreSQL needs the user ",
                         kUnprivileged, " to own its directory"));
      }
      user_ = kUnprivileged;
    }
    RETURN_IF_ERROR(RunProgram({Bin("initdb"), "-D", dir_.Sub("data"), "-A",
                                "trust", "-U", "keeper", "-E", "UTF8"},
                               user_, dir_.Sub("initdb.out")));
    ASSIGN_OR_RETURN(port_, FreePort());
    const std::string options =
        absl::StrCat("-p ", port_, " -k ", dir_.path(),
                     " -c listen_addresses=127.0.0.1 -c synchronous_commit=on"
                     " -c fsync=on -c max_connections=",
                     connections + 10);
    RETURN_IF_ERROR(
        RunProgram({Bin("pg_ctl"), "start", "-D", dir_.Sub("data"), "-w", "-t",
                    "60", "-l", dir_.Sub("server.log"), "-o", options},
                   user_, dir_.Sub("pg_ctl.out")));
    started_ = true;
    return absl::OkStatus();
  }

  std::string ConnectionString() const {
    return absl::StrCat("host=127.0.0.1 port=", port_,
                        " user=keeper dbname=postgres sslmode=disable");
  }

 private:
  std::string Bin(const std::string& program) const {
    return (std::filesystem::path(bin_) / program).string();
  }

  const std::string bin_;
  TempDir dir_{"keeper-bench-postgres"};
  std::string user_;  // empty: as this process's user
  int port_ = 0;
  bool started_ = false;
};

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

absl::StatusOr<Connection> Connect(const std::string& connection) {
  Connection conn(PQconnectdb(connection.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("PostgreSQL: ", PQerrorMessage(conn.get())));
  }
  return conn;
}

absl::Status Exec(PGconn* conn, const char* sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn, sql),
                                                       &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return absl::InternalError(
        absl::StrCat("PostgreSQL: ", PQerrorMessage(conn)));
  }
  return absl::OkStatus();
}

constexpr char kSchema[] = R"sql(
CREATE TABLE events (
  position bigserial PRIMARY KEY,
  stream_id text NOT NULL,
  version bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  event_type text NOT NULL,
  payload bytea NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, version))
)sql";

constexpr char kInsert[] =
    "INSERT INTO events (stream_id, version, event_id, event_type, payload) "
    "VALUES ($1, 1, $2, 'CaseOpened', $3)";

}  // namespace

absl::StatusOr<std::optional<Outcome>> BenchPostgres(int clients,
                                                     absl::Duration duration,
                                                     size_t event_bytes) {
  const std::string bin = absl::GetFlag(FLAGS_postgres_bin);
  if (access((std::filesystem::path(bin) / "initdb").c_str(), X_OK) != 0) {
    return std::nullopt;
  }
  PrivatePostgres server(bin);
  RETURN_IF_ERROR(server.Start(clients));
  std::vector<Connection> connections;
  for (int c = 0; c < clients; ++c) {
    ASSIGN_OR_RETURN(Connection conn, Connect(server.ConnectionString()));
    if (c == 0) RETURN_IF_ERROR(Exec(conn.get(), kSchema));
    std::unique_ptr<PGresult, decltype(&PQclear)> prepared(
        PQprepare(conn.get(), "insert", kInsert, 3, nullptr), &PQclear);
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return absl::InternalError(
          absl::StrCat("PostgreSQL: ", PQerrorMessage(conn.get())));
    }
    connections.push_back(std::move(conn));
  }

  // Blocking libpq calls, one thread a connection: each waits on its
  // commit, as a gRPC client waits on its command.
  const std::string payload(event_bytes, 'x');
  const std::string run_id = eventstore::NewUuid().substr(0, 8);
  std::vector<std::vector<double>> latencies(clients);
  std::vector<int64_t> errors(clients, 0);
  std::vector<std::string> first_errors(clients);
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      PGconn* conn = connections[c].get();
      for (int64_t n = 0; absl::Now() < end; ++n) {
        const std::string stream =
            absl::StrCat("case-", run_id, "-", c, "-", n);
        const std::string id = eventstore::NewUuid();
        const char* values[] = {stream.c_str(), id.c_str(), payload.data()};
        const int lengths[] = {0, 0, static_cast<int>(payload.size())};
        const int formats[] = {0, 0, 1};  // the payload as binary
        const absl::Time sent = absl::Now();
        std::unique_ptr<PGresult, decltype(&PQclear)> result(
            PQexecPrepared(conn, "insert", 3, values, lengths, formats, 0),
            &PQclear);
        if (PQresultStatus(result.get()) == PGRES_COMMAND_OK) {
          latencies[c].push_back(
              absl::ToDoubleMicroseconds(absl::Now() - sent));
        } else if (errors[c]++ == 0) {
          first_errors[c] = PQerrorMessage(conn);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  Outcome outcome;
  outcome.run = Summarize(latencies, absl::Now() - start);
  for (int c = 0; c < clients; ++c) {
    if (errors[c] > 0 && outcome.errors == 0) {
      outcome.first_error = first_errors[c];
    }
    outcome.errors += errors[c];
  }
  return outcome;
}

}  // namespace keeper::tools
