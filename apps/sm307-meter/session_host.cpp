#include "apps/sm307-meter/session_host.hpp"

#include <array>
#include <exception>
#include <memory>

#include "apps/sm307-meter/association_setup.hpp"
#include "apps/sm307-meter/page_buffer.hpp"
#include "stack/apdu/aare.hpp"
#include "stack/apdu/acse_types.hpp"
#include "stack/association/association_context.hpp"
#include "stack/core/byte_reader.hpp"

namespace dlms::meter_app {
namespace {

using association::AssociationStatus;

constexpr std::uint8_t kAarqTag = 0x60;
constexpr std::uint8_t kRlrqTag = 0x62;

// Green Book 9.4.2 Associate-source-diagnostic, as a log word.
std::string diagnostic_name(const apdu::ResultSourceDiagnostic& d) {
  if (d.source == apdu::DiagnosticSource::acse_service_provider) {
    switch (static_cast<apdu::AcseServiceProvider>(d.value)) {
      case apdu::AcseServiceProvider::null: return "provider-null";
      case apdu::AcseServiceProvider::no_reason_given: return "provider-no-reason-given";
      case apdu::AcseServiceProvider::no_common_acse_version: return "no-common-acse-version";
    }
    return "provider-" + std::to_string(d.value);
  }
  switch (static_cast<apdu::AcseServiceUser>(d.value)) {
    case apdu::AcseServiceUser::null: return "null";
    case apdu::AcseServiceUser::no_reason_given: return "no-reason-given";
    case apdu::AcseServiceUser::application_context_name_not_supported:
      return "application-context-name-not-supported";
    case apdu::AcseServiceUser::calling_ap_title_not_recognized: return "calling-ap-title-not-recognized";
    case apdu::AcseServiceUser::authentication_mechanism_name_not_recognised:
      return "authentication-mechanism-name-not-recognised";
    case apdu::AcseServiceUser::authentication_mechanism_name_required:
      return "authentication-mechanism-name-required";
    case apdu::AcseServiceUser::authentication_failure: return "authentication-failure";
    case apdu::AcseServiceUser::authentication_required: return "authentication-required";
    default: break;
  }
  return "user-" + std::to_string(d.value);
}

const char* transport_name(transport::TransportKind k) {
  switch (k) {
    case transport::TransportKind::wrapper_tcp: return "wrapper";
    case transport::TransportKind::wrapper_udp: return "wrapper-udp";
    case transport::TransportKind::hdlc: return "hdlc";
  }
  return "?";
}

}  // namespace

struct SessionHost::Connection {
  static constexpr std::size_t kStaging = 2 * 0xFFFF;

  Connection(std::span<server::LogicalDevice> devices, const server::ServiceEngine& engine,
             MutableByteSpan scratch, MutableByteSpan response, std::size_t request_size)
      : buffers(kStaging + request_size),
        state(buffers.span().first(kStaging), buffers.span().subspan(kStaging, request_size)),
        session(devices, engine, scratch, response, state),
        opened(std::chrono::steady_clock::now()) {}

  struct Tracked {
    std::uint16_t client = 0;
    std::uint16_t server = 0;
    AssociationStatus status = AssociationStatus::non_associated;
    bool used = false;
  };

  PageBuffer buffers;
  server::ServiceState state;
  server::ServerSession session;
  std::array<Tracked, server::ServerSession::kMaxAssociations> tracked{};
  std::chrono::steady_clock::time_point opened;
  std::uint64_t requests = 0;
  bool pages_used = false;
};

SessionHost::SessionHost(std::span<server::LogicalDevice> devices, const server::ServiceEngine& engine,
                         Logger& log, const SessionHostOptions& options)
    : devices_(devices),
      engine_(engine),
      log_(log),
      options_(options),
      scratch_(options.max_request),
      response_(std::max(options.wrapper_max_response, options.hdlc_max_response)),
      out_(std::max(options.wrapper_max_response, options.hdlc_max_response)) {}

SessionHost::~SessionHost() = default;

std::string SessionHost::name_of(std::uint16_t client_sap) const {
  if (association_name) {
    std::string n = association_name(client_sap);
    if (!n.empty()) {
      return n;
    }
  }
  return "unknown";
}

void SessionHost::on_open(transport::ConnectionContext& c) {
  if (open_ >= options_.max_connections) {
    log_.warn("connection_refused", {{"id", c.id()},
                                     {"peer", c.peer()},
                                     {"reason", "max-connections"},
                                     {"max", static_cast<std::uint64_t>(options_.max_connections)}});
    c.close();
    return;
  }
  try {
    c.user_data = std::make_shared<Connection>(devices_, engine_, scratch_.span(), response_.span(),
                                               options_.max_request);
  } catch (const std::exception& e) {
    log_.error("connection_refused", {{"id", c.id()}, {"peer", c.peer()}, {"reason", e.what()}});
    c.close();
    return;
  }
  ++open_;
  log_.info("connection_open",
            {{"id", c.id()}, {"peer", c.peer()}, {"open", static_cast<std::uint64_t>(open_)}});
}

void SessionHost::on_apdu(transport::ConnectionContext& c, const transport::Addressing& from, ByteSpan apdu) {
  auto* conn = static_cast<Connection*>(c.user_data.get());
  if (conn == nullptr) {
    return;  // refused at open
  }
  ++conn->requests;
  if (before_request) {
    before_request();
  }
  const std::size_t limit = from.transport == transport::TransportKind::hdlc ? options_.hdlc_max_response
                                                                             : options_.wrapper_max_response;
  const MutableByteSpan out = out_.span().first(std::min(limit, out_.size()));
  Result<ByteSpan> answer = conn->session.on_apdu(from.client_address, from.server_address, apdu, out);
  if (!answer) {
    log_.warn("request_failed", {{"id", c.id()},
                                 {"peer", c.peer()},
                                 {"client", from.client_address},
                                 {"server", from.server_address},
                                 {"error", answer.error().message()}});
  } else {
    if (log_.enabled(LogLevel::debug)) {
      log_.debug("request", {{"id", c.id()},
                             {"transport", transport_name(from.transport)},
                             {"client", from.client_address},
                             {"server", from.server_address},
                             {"tag", static_cast<int>(apdu.empty() ? 0 : apdu[0])},
                             {"bytes", static_cast<std::uint64_t>(apdu.size())},
                             {"response_bytes", static_cast<std::uint64_t>(answer->size())}});
    }
    if (!answer->empty()) {
      c.send_apdu(from, *answer);  // copied
    }
    track_associations(c, *conn, from, apdu, *answer);
  }
  // Give the block-transfer pages back once no transfer is open.
  if (conn->state.transfer_in_progress()) {
    conn->pages_used = true;
  } else {
    conn->buffers.release();
    conn->pages_used = false;
  }
}

void SessionHost::track_associations(transport::ConnectionContext& c, Connection& conn,
                                     const transport::Addressing& from, ByteSpan request, ByteSpan response) {
  const std::uint16_t client = from.client_address;
  const std::uint16_t server = from.server_address;
  const std::string peer = c.peer();
  if (!request.empty() && request[0] == kAarqTag && !response.empty()) {
    ByteReader reader(response);
    Result<apdu::Aare> aare = apdu::Aare::decode(reader);
    if (!aare) {
      return;
    }
    association::ServerAssociation* a = conn.session.association(client, server);
    const char* mechanism =
        a != nullptr && a->config() != nullptr ? mechanism_label(a->config()->mechanism) : "?";
    if (aare->result != apdu::AssociationResult::accepted) {
      ++rejected_;
      log_.info("association_rejected", {{"id", c.id()},
                                         {"peer", peer},
                                         {"client", client},
                                         {"server", server},
                                         {"association", name_of(client)},
                                         {"reason", diagnostic_name(aare->result_source_diagnostic)}});
      return;
    }
    const AssociationStatus status = a != nullptr ? a->status() : AssociationStatus::non_associated;
    if (status == AssociationStatus::associated) {
      ++accepted_;
      log_.info("association_accepted", {{"id", c.id()},
                                         {"peer", peer},
                                         {"client", client},
                                         {"server", server},
                                         {"association", name_of(client)},
                                         {"mechanism", mechanism}});
    } else {
      log_.debug("association_pending", {{"id", c.id()}, {"client", client}, {"mechanism", mechanism}});
    }
    for (auto& t : conn.tracked) {
      if (t.used && t.client == client && t.server == server) {
        t.status = status;
        return;
      }
    }
    for (auto& t : conn.tracked) {
      if (!t.used) {
        t = {client, server, status, true};
        return;
      }
    }
    return;
  }
  if (!request.empty() && request[0] == kRlrqTag) {
    log_.info("association_released",
              {{"id", c.id()}, {"peer", peer}, {"client", client}, {"server", server}});
  }
  // HLS: pass 3/4 decides after the AARE.
  for (auto& t : conn.tracked) {
    if (!t.used || t.client != client || t.server != server) {
      continue;
    }
    association::ServerAssociation* a = conn.session.association(client, server);
    const AssociationStatus now = a != nullptr ? a->status() : AssociationStatus::non_associated;
    if (t.status == AssociationStatus::association_pending && now == AssociationStatus::associated) {
      ++accepted_;
      log_.info("association_accepted",
                {{"id", c.id()},
                 {"peer", peer},
                 {"client", client},
                 {"server", server},
                 {"association", name_of(client)},
                 {"mechanism",
                  a != nullptr && a->config() != nullptr ? mechanism_label(a->config()->mechanism) : "?"}});
    } else if (t.status == AssociationStatus::association_pending && now != AssociationStatus::associated) {
      ++rejected_;
      log_.info("association_rejected", {{"id", c.id()},
                                         {"peer", peer},
                                         {"client", client},
                                         {"server", server},
                                         {"association", name_of(client)},
                                         {"reason", "hls-authentication-failure"}});
    }
    t.status = now;
    if (now == AssociationStatus::non_associated) {
      t.used = false;
    }
  }
}

void SessionHost::on_link_event(transport::ConnectionContext& c, const transport::Addressing& link, bool up) {
  auto* conn = static_cast<Connection*>(c.user_data.get());
  log_.debug("link_event",
             {{"id", c.id()}, {"client", link.client_address}, {"server", link.server_address}, {"up", up}});
  if (conn == nullptr) {
    return;
  }
  // Whatever happened to the link, the associations on it are gone.
  conn->session.on_disconnect();
  for (auto& t : conn->tracked) {
    t.used = false;
  }
  conn->buffers.release();
}

void SessionHost::on_close(transport::ConnectionContext& c, std::error_code error) {
  auto* conn = static_cast<Connection*>(c.user_data.get());
  if (conn == nullptr) {
    return;
  }
  conn->session.on_disconnect();
  --open_;
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - conn->opened).count();
  if (error) {
    log_.info("connection_close", {{"id", c.id()},
                                   {"peer", c.peer()},
                                   {"requests", conn->requests},
                                   {"seconds", seconds},
                                   {"reason", error.message()}});
  } else {
    log_.info("connection_close",
              {{"id", c.id()}, {"peer", c.peer()}, {"requests", conn->requests}, {"seconds", seconds}});
  }
  c.user_data.reset();
}

}  // namespace dlms::meter_app
