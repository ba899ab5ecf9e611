#include "services/console/console_server.h"

#include <httplib.h>

#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "services/access/caller.h"
#include "services/console/html.h"
#include "services/console/sessions.h"

namespace keeper::services::console {
namespace {

constexpr char kCookie[] = "keeper_session";

// Pages show records only: no scripts, no framing, nothing from elsewhere.
constexpr char kSecurityPolicy[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

using PageFn = absl::StatusOr<Page> (*)(const Sources&, const Caller&,
                                        const Params&);

struct Route {
  const char* path;
  const char* name;  // the page's method is PageMethod(name)
  PageFn render;
};

constexpr Route kRoutes[] = {
    {"/register", "Register", &RegisterPage},
    {"/case", "CaseRecord", &CaseRecordPage},
    {"/trail/access", "AccessTrail", &AccessTrailPage},
    {"/trail/change", "ChangeTrail", &ChangeTrailPage},
    {"/decision", "DecisionRecord", &DecisionRecordPage},
    {"/timescales", "Timescales", &TimescalesPage},
    {"/enquiries", "Enquiries", &EnquiriesPage},
};

// The verified client certificate of the request's TLS session; null if
// none (httplib refuses those during the handshake).
struct PeerCertificate {
  explicit PeerCertificate(const httplib::Request& request)
      : cert(request.ssl == nullptr
                 ? nullptr
                 : SSL_get1_peer_certificate(const_cast<SSL*>(request.ssl))) {}
  ~PeerCertificate() { X509_free(cert); }
  X509* cert;
};

int HttpCode(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

void Send(httplib::Response& response, int code, absl::string_view title,
          absl::string_view body) {
  response.status = code;
  response.set_header("Content-Security-Policy", kSecurityPolicy);
  response.set_header("Cache-Control", "no-store");
  response.set_content(Document(title, body), "text/html; charset=utf-8");
}

void SendRefusal(httplib::Response& response, const absl::Status& status) {
  const int code = HttpCode(status);
  const char* title = code == 403   ? "Refused"
                      : code == 404 ? "Not found"
                      : code == 400 ? "Bad request"
                      : code == 401 ? "Not identified"
                                    : "Not available";
  Send(response, code, title,
       absl::StrCat("<div class=\"refused\" id=\"refused\"><p><strong>", code,
                    " ", title, ".</strong></p><p>", Escape(status.message()),
                    "</p><p>This attempt has been recorded.</p></div>"));
}

std::string CookieValue(const httplib::Request& request) {
  for (absl::string_view part :
       absl::StrSplit(request.get_header_value("Cookie"), ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, absl::StrCat(kCookie, "="))) {
      return std::string(part);
    }
  }
  return "";
}

// Only a path on this server: never an open redirect.
std::string SafeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && next[1] == '/') ||
      next.find('\\') != std::string::npos) {
    return "/";
  }
  return next;
}

void SendPurposeForm(httplib::Response& response, const std::string& next,
                     const std::string& error) {
  Send(response, error.empty() ? 200 : 400, "Purpose of your reads",
       absl::StrCat(
           error.empty()
               ? ""
               : absl::StrCat("<p class=\"refused\">", Escape(error), "</p>"),
           "<p>Every page you open is recorded with who you are and why you "
           "are looking. Say why before the first read; it is kept until you "
           "change it.</p><form method=\"post\" action=\"/purpose\">"
           "<input type=\"hidden\" name=\"next\" value=\"",
           Escape(next),
           "\"><label>Purpose <input name=\"purpose\" id=\"purpose\" "
           "required size=\"60\"></label> <button id=\"give-purpose\">"
           "Continue</button></form>"));
}

std::string Index(const Caller& caller, const std::string& purpose) {
  std::string links;
  for (const Route& route : kRoutes) {
    if (absl::string_view(route.path) == "/case" ||
        absl::string_view(route.path) == "/decision") {
      continue;  // reached from a child's row
    }
    absl::StrAppend(&links, "<li>", Link(route.path, route.name), "</li>");
  }
  return absl::StrCat("<p>Signed in as <strong>", Escape(caller.subject),
                      "</strong> (", Escape(caller.role), ", ",
                      Escape(caller.agency), ", ", Escape(caller.authority),
                      "). Purpose: <em id=\"current-purpose\">",
                      Escape(purpose), "</em>.</p><ul>", links, "</ul>");
}

}  // namespace

std::vector<std::string> ConsoleMethods() {
  std::vector<std::string> methods;
  for (const Route& route : kRoutes) methods.push_back(PageMethod(route.name));
  return methods;
}

struct ConsoleServer::Impl {
  Impl(const ConsoleOptions& options, const Sources& sources)
      : sources(sources),
        server((options.tls_dir + "/server.pem").c_str(),
               (options.tls_dir + "/server.key").c_str(),
               (options.tls_dir + "/ca.pem").c_str()) {}

  // The caller, with their session's purpose; a refusal if the
  // certificate names no one (recorded, as the gRPC gate records it).
  absl::StatusOr<Caller> Identify(const httplib::Request& request,
                                  const std::string& method,
                                  std::string* fingerprint) {
    PeerCertificate peer(request);
    absl::StatusOr<Caller> caller = CallerFromCertificate(peer.cert);
    if (!caller.ok()) {
      Caller unknown;
      unknown.subject = absl::StrCat("https:", request.remote_addr);
      return sources.gate->RecordRefusal(unknown, method, {}, caller.status());
    }
    *fingerprint = CertificateFingerprint(peer.cert);
    caller->purpose = sessions.PurposeOf(CookieValue(request), *fingerprint);
    return caller;
  }

  void Handle(const Route& route, const httplib::Request& request,
              httplib::Response& response) {
    std::string fingerprint;
    absl::StatusOr<Caller> caller =
        Identify(request, PageMethod(route.name), &fingerprint);
    if (!caller.ok()) return SendRefusal(response, caller.status());
    if (caller->purpose.empty()) {
      return SendPurposeForm(response, request.target, "");
    }
    Params params;
    for (const auto& [name, value] : request.params)
      params.emplace(name, value);
    absl::StatusOr<Page> page = route.render(sources, *caller, params);
    if (!page.ok()) return SendRefusal(response, page.status());
    Send(response, 200, page->title, page->body);
  }

  void GivePurpose(const httplib::Request& request,
                   httplib::Response& response) {
    const std::string next = SafeNext(request.get_param_value("next"));
    const std::string purpose = std::string(
        absl::StripAsciiWhitespace(request.get_param_value("purpose")));
    if (purpose.empty()) {
      return SendPurposeForm(response, next, "Say why you are looking.");
    }
    PeerCertificate peer(request);
    const std::string fingerprint = CertificateFingerprint(peer.cert);
    absl::StatusOr<std::string> id = sessions.Start(fingerprint, purpose);
    if (fingerprint.empty() || !id.ok()) {
      return SendRefusal(response,
                         absl::UnauthenticatedError("no client certificate"));
    }
    response.set_header("Set-Cookie",
                        absl::StrCat(kCookie, "=", *id,
                                     "; Path=/; Secure; HttpOnly; "
                                     "SameSite=Strict"));
    response.set_redirect(next, 303);
  }

  void Home(const httplib::Request& request, httplib::Response& response) {
    std::string fingerprint;
    absl::StatusOr<Caller> caller =
        Identify(request, "/keeper.console/", &fingerprint);
    if (!caller.ok()) return SendRefusal(response, caller.status());
    if (caller->purpose.empty()) return SendPurposeForm(response, "/", "");
    Send(response, 200, "Keeper console", Index(*caller, caller->purpose));
  }

  Sources sources;
  Sessions sessions;
  httplib::SSLServer server;
  std::thread thread;
};

ConsoleServer::ConsoleServer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

ConsoleServer::~ConsoleServer() { Shutdown(); }

absl::StatusOr<std::unique_ptr<ConsoleServer>> ConsoleServer::Start(
    const ConsoleOptions& options, const Sources& sources) {
  const size_t colon = options.listen_address.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(options.listen_address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--console_listen must be HOST:PORT, not '",
                     options.listen_address, "'"));
  }
  const std::string host = options.listen_address.substr(0, colon);
  auto impl = std::make_unique<Impl>(options, sources);
  if (!impl->server.is_valid()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the console cannot use the TLS files in ",
                     options.tls_dir, " (ca.pem, server.pem, server.key)"));
  }
  Impl* raw = impl.get();
  for (const Route& route : kRoutes) {
    raw->server.Get(route.path, [raw, &route](const httplib::Request& request,
                                              httplib::Response& response) {
      raw->Handle(route, request, response);
    });
  }
  raw->server.Get(
      "/", [raw](const httplib::Request& request, httplib::Response& response) {
        raw->Home(request, response);
      });
  raw->server.Get("/purpose",
                  [](const httplib::Request&, httplib::Response& response) {
                    SendPurposeForm(response, "/", "");
                  });
  raw->server.Post("/purpose", [raw](const httplib::Request& request,
                                     httplib::Response& response) {
    raw->GivePurpose(request, response);
  });
  if (port == 0) {
    port = raw->server.bind_to_any_port(host);
  } else if (!raw->server.bind_to_port(host, port)) {
    port = -1;
  }
  if (port < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the console cannot listen on ", options.listen_address,
        " (is another server there?); choose another --console_listen"));
  }
  raw->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  std::unique_ptr<ConsoleServer> server(new ConsoleServer(std::move(impl)));
  server->port_ = port;
  LogInfo("console started", {{"listen", absl::StrCat(host, ":", port)}});
  return server;
}

void ConsoleServer::Shutdown() {
  if (impl_ == nullptr || !impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

}  // namespace keeper::services::console
