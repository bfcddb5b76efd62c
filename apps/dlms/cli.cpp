#include "apps/dlms/cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include <CLI/CLI.hpp>

#include "apps/dlms/args.hpp"
#include "apps/dlms/output.hpp"
#include "apps/dlms/translate.hpp"
#include "cosem_objects/class_registry.hpp"
#include "stack/client/array_stream_decoder.hpp"
#include "stack/client/client.hpp"
#include "stack/codec/data.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/translator/translator.hpp"
#include "transports/asio/client_channel.hpp"
#include "transports/hdlc/hdlc_frame.hpp"

namespace dlms::cli {
namespace {

namespace tr = translator;
using client::Client;
using client::DlmsOutcome;
using Clock = std::chrono::steady_clock;

constexpr apdu::ObisCode kClockLn{0, 0, 1, 0, 0, 255};
constexpr apdu::ObisCode kLoadProfileLn{1, 0, 99, 1, 0, 255};
constexpr std::uint16_t kClockClass = 8;
constexpr std::uint16_t kProfileClass = 7;

// ---------------------------------------------------------------------------------------------
// Errors: one line, "dlms: <what failed>: <layer>: <detail> (<code>)".

int fail(std::ostream& err, const std::string& what, const std::error_code& ec) {
  err << "dlms: " << what << ": " << ec.category().name() << ": " << ec.message() << " (" << ec.value()
      << ")\n";
  return kExitUsage;
}

int usage(std::ostream& err, const std::string& what, const std::string& detail) {
  err << "dlms: " << what << ": usage: " << detail << '\n';
  return kExitUsage;
}

int refused(std::ostream& err, const std::string& what, const DlmsOutcome& outcome) {
  err << "dlms: " << what << ": dlms: " << outcome.describe().view() << '\n';
  return kExitRefused;
}

// ---------------------------------------------------------------------------------------------
// Options.

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: 4059 wrapper, 4061 hdlc
  std::string transport = "wrapper";
  std::string device;
  unsigned baud = 9600;
  unsigned client = 16;
  unsigned server = 1;
  int physical = -1;
  std::string auth = "none";
  std::string password;
  unsigned suite = 0;
  std::string security = "none";
  std::string block_key;
  std::string auth_key;
  std::string ciphering = "glo";
  std::string master_key;
  std::string dedicated_key;
  std::string system_title = "4D4D4D0000000002";
  unsigned max_pdu = 0xFFFF;
  double timeout = 5.0;
  std::string format = "text";
  bool verbose = false;
  bool stats = false;
  std::size_t max_response = 1U << 20U;
  std::optional<std::uint32_t> invocation_counter;
};

// The client's next invocation counter per peer, kept in `dir`/invocation-counters.
class CounterFile {
 public:
  CounterFile(std::string dir, std::string peer) : dir_(std::move(dir)), peer_(std::move(peer)) {}
  [[nodiscard]] std::uint32_t load() const {
    if (dir_.empty()) {
      return 0;
    }
    std::ifstream in(path());
    std::string key;
    std::uint64_t value = 0;
    while (in >> key >> value) {
      if (key == peer_) {
        return static_cast<std::uint32_t>(std::min<std::uint64_t>(value, 0xFFFFFFFFU));
      }
    }
    return 0;
  }
  void store(std::uint64_t next) const {
    if (dir_.empty()) {
      return;
    }
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    std::vector<std::pair<std::string, std::uint64_t>> entries;
    {
      std::ifstream in(path());
      std::string key;
      std::uint64_t value = 0;
      while (in >> key >> value) {
        if (key != peer_) {
          entries.emplace_back(key, value);
        }
      }
    }
    entries.emplace_back(peer_, next);
    const std::string tmp = path() + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      for (const auto& [key, value] : entries) {
        out << key << ' ' << value << '\n';
      }
    }
    std::filesystem::rename(tmp, path(), ec);
  }

 private:
  [[nodiscard]] std::string path() const { return dir_ + "/invocation-counters"; }
  std::string dir_;
  std::string peer_;
};

// What a session keeps alive while the engine uses it (the config holds views).
struct Secrets {
  std::vector<std::uint8_t> password;
  std::vector<std::uint8_t> block_key;
  std::vector<std::uint8_t> auth_key;
  std::vector<std::uint8_t> master_key;
  std::vector<std::uint8_t> dedicated_key;
  std::vector<std::uint8_t> system_title;
};

std::optional<security::AuthenticationMechanism> mechanism_of(const std::string& name) {
  using M = security::AuthenticationMechanism;
  if (name == "none") return M::none;
  if (name == "lls") return M::lls;
  if (name == "hls-md5") return M::hls_md5;
  if (name == "hls-sha1") return M::hls_sha1;
  if (name == "hls-gmac") return M::hls_gmac;
  if (name == "hls-sha256") return M::hls_sha256;
  if (name == "hls-ecdsa") return M::hls_ecdsa;
  return std::nullopt;
}

const char* mechanism_name(security::AuthenticationMechanism m) {
  using M = security::AuthenticationMechanism;
  switch (m) {
    case M::none: return "none";
    case M::lls: return "lls";
    case M::hls_manufacturer: return "hls-manufacturer";
    case M::hls_md5: return "hls-md5";
    case M::hls_sha1: return "hls-sha1";
    case M::hls_gmac: return "hls-gmac";
    case M::hls_sha256: return "hls-sha256";
    case M::hls_ecdsa: return "hls-ecdsa";
  }
  return "unknown";
}

const char* context_name(apdu::ApplicationContextName c) {
  switch (c) {
    case apdu::ApplicationContextName::logical_name: return "logical-name";
    case apdu::ApplicationContextName::short_name: return "short-name";
    case apdu::ApplicationContextName::logical_name_with_ciphering: return "logical-name-with-ciphering";
    case apdu::ApplicationContextName::short_name_with_ciphering: return "short-name-with-ciphering";
  }
  return "unknown";
}

constexpr std::array<const char*, 24> kConformanceNames = {"reserved-zero",
                                                           "general-protection",
                                                           "general-block-transfer",
                                                           "read",
                                                           "write",
                                                           "unconfirmed-write",
                                                           "delta-value-encoding",
                                                           "reserved-seven",
                                                           "attribute0-supported-with-set",
                                                           "priority-mgmt-supported",
                                                           "attribute0-supported-with-get",
                                                           "block-transfer-with-get-or-read",
                                                           "block-transfer-with-set-or-write",
                                                           "block-transfer-with-action",
                                                           "multiple-references",
                                                           "information-report",
                                                           "data-notification",
                                                           "access",
                                                           "parameterized-access",
                                                           "get",
                                                           "set",
                                                           "selective-access",
                                                           "event-notification",
                                                           "action"};

std::vector<std::string> conformance_names(const apdu::ConformanceBlock& c) {
  std::vector<std::string> names;
  for (std::size_t bit = 0; bit < kConformanceNames.size(); ++bit) {
    if (c.has(static_cast<apdu::ConformanceBit>(bit))) {
      names.emplace_back(kConformanceNames[bit]);
    }
  }
  return names;
}

// Key option or its environment variable, as octets (empty when neither is given).
bool key_bytes(const std::string& option, const char* variable, const char* name, const Environment& env,
               std::size_t size_a, std::size_t size_b, std::vector<std::uint8_t>& out, std::ostream& err) {
  std::string text = option;
  if (text.empty() && env.getenv) {
    text = env.getenv(variable).value_or("");
  }
  if (text.empty()) {
    return true;
  }
  auto bytes = parse_hex_bytes(text);
  if (!bytes || (bytes->size() != size_a && bytes->size() != size_b)) {
    usage(err, name,
          "expected " + std::to_string(size_a) + (size_b != size_a ? " or " + std::to_string(size_b) : "") +
              " octets of hex");
    return false;
  }
  out = std::move(*bytes);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Channel decorations: --verbose prints each APDU; progress on long reads.

class VerboseChannel final : public client::ClientChannel {
 public:
  VerboseChannel(client::ClientChannel& inner, std::ostream& err) : inner_(inner), err_(err) {}
  Result<ByteSpan> exchange(ByteSpan request) override {
    err_ << "dlms: > " << to_hex(request) << '\n';
    Result<ByteSpan> r = inner_.exchange(request);
    if (r) {
      err_ << "dlms: < " << to_hex(*r) << '\n';
    }
    return r;
  }

 private:
  client::ClientChannel& inner_;
  std::ostream& err_;
};

class ProgressBar final : public client::ExchangeObserver {
 public:
  explicit ProgressBar(std::ostream& err) : err_(err) {}
  ~ProgressBar() override { done(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void set_label(std::string label) { label_ = std::move(label); }
  void set_items(std::size_t done, std::size_t total) {
    item_ = done;
    items_ = total;
  }
  void on_exchange(const client::ExchangeCounters& c) noexcept override {
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) {
      return;
    }
    last_ = now;
    shown_ = true;
    std::array<char, 160> line{};
    if (items_ != 0) {
      const std::size_t width = 30;
      const std::size_t filled = std::min(width, item_ * width / items_);
      std::string bar(filled, '#');
      bar.append(width - filled, '.');
      std::snprintf(line.data(), line.size(), "\r%s [%s] %zu/%zu, %llu kB\x1b[K", label_.c_str(), bar.c_str(),
                    item_, items_, static_cast<unsigned long long>(c.bytes_received / 1024U));
    } else {
      std::snprintf(line.data(), line.size(), "\r%s: %llu kB received, %llu requests\x1b[K", label_.c_str(),
                    static_cast<unsigned long long>(c.operation_bytes_received / 1024U),
                    static_cast<unsigned long long>(c.requests));
    }
    err_ << line.data() << std::flush;
  }
  void done() {
    if (shown_) {
      err_ << "\r\x1b[K" << std::flush;
      shown_ = false;
    }
  }

 private:
  std::ostream& err_;
  std::string label_;
  std::size_t item_ = 0;
  std::size_t items_ = 0;
  Clock::time_point last_{};
  bool shown_ = false;
};

// ---------------------------------------------------------------------------------------------
// A session: the channel, the client, the association.

class Session {
 public:
  Session(const Options& o, std::ostream& err, const Environment& env) : o_(o), err_(err), env_(env) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() { close(); }

  // Connects and associates; returns the exit status when that failed, else nullopt.
  std::optional<int> open();
  // Releases the association (RLRQ) and closes the link (HDLC DISC).
  void close();
  void print_stats() const;

  Client& client() { return *client_; }
  ProgressBar* progress() { return progress_.get(); }
  // --max-response: also the longest row held while it spans two blocks.
  [[nodiscard]] std::size_t max_response() const { return o_.max_response; }
  std::ostream& err() { return err_; }

 private:
  std::optional<int> build_config();
  std::optional<int> choose_ciphering(client::CipheringConfig& c);

  const Options& o_;
  std::ostream& err_;
  const Environment& env_;
  Secrets secrets_;
  client::ClientConfig config_;
  security::OpenSslBackend backend_;
  std::unique_ptr<transport::StreamClientChannel> channel_;
  std::unique_ptr<VerboseChannel> verbose_;
  std::unique_ptr<Client> client_;
  std::unique_ptr<ProgressBar> progress_;
  std::optional<CounterFile> counter_file_;
  Clock::time_point started_ = Clock::now();
  double seconds_ = 0;
  bool closed_ = false;
};

// --ciphering: the envelope of the protected requests (Green Book 9.2.7.2.4): glo- / ded-
// service APDUs, general-glo- / general-ded-ciphering, or general-ciphering with identified-key
// (the global unicast key) or wrapped-key (a fresh key per request wrapped with --master-key).
// ded-: the dedicated key is --dedicated-key or a random one, proposed in the AARQ.
std::optional<int> Session::choose_ciphering(client::CipheringConfig& c) {
  using security::CipheringKind;
  const std::string& k = o_.ciphering;
  if (k == "glo") {
    c.kind = CipheringKind::global;
  } else if (k == "ded") {
    c.kind = CipheringKind::dedicated;
  } else if (k == "general-glo") {
    c.kind = CipheringKind::general_global;
  } else if (k == "general-ded") {
    c.kind = CipheringKind::general_dedicated;
  } else if (k == "general") {
    c.general = client::GeneralCipheringKey::identified;
  } else if (k == "general-wrapped") {
    c.general = client::GeneralCipheringKey::wrapped;
  } else {
    return usage(err_, "--ciphering",
                 "expected glo, ded, general-glo, general-ded, general or general-wrapped");
  }
  if (c.general == client::GeneralCipheringKey::wrapped) {
    if (!key_bytes(o_.master_key, "DLMS_MASTER_KEY", "--master-key", env_, 16, 32, secrets_.master_key,
                   err_)) {
      return kExitUsage;
    }
    if (secrets_.master_key.empty()) {
      return usage(err_, "--ciphering general-wrapped", "needs --master-key (or DLMS_MASTER_KEY)");
    }
    (void)config_.keys.set(security::KeyId::master, secrets_.master_key);
  }
  if (security::is_dedicated(c.kind)) {
    if (!key_bytes(o_.dedicated_key, "", "--dedicated-key", Environment{}, 16, 32, secrets_.dedicated_key,
                   err_)) {
      return kExitUsage;
    }
    if (secrets_.dedicated_key.empty()) {
      secrets_.dedicated_key.assign(16, 0);
      if (Status s = backend_.random(secrets_.dedicated_key); !s) {
        err_ << "dlms: --ciphering " << k << ": no random dedicated key: " << s.error().message() << '\n';
        return kExitUsage;
      }
    }
    (void)config_.keys.set(security::KeyId::dedicated, secrets_.dedicated_key);
    config_.use_dedicated_key = true;
  }
  return std::nullopt;
}

std::optional<int> Session::build_config() {
  const auto mechanism = mechanism_of(o_.auth);
  if (!mechanism) {
    return usage(err_, "--auth", "unknown mechanism " + o_.auth);
  }
  if (*mechanism == security::AuthenticationMechanism::hls_ecdsa || o_.suite != 0) {
    return usage(err_, o_.suite != 0 ? "--suite " + std::to_string(o_.suite) : "--auth hls-ecdsa",
                 "not supported yet (security suites 1 and 2 need the public-key layer)");
  }
  config_.mechanism = *mechanism;
  std::string password = o_.password;
  if (password.empty() && env_.getenv) {
    password = env_.getenv("DLMS_PASSWORD").value_or("");
  }
  secrets_.password.assign(password.begin(), password.end());
  using M = security::AuthenticationMechanism;
  if (*mechanism == M::lls) {
    config_.password = secrets_.password;
  } else if (*mechanism == M::hls_md5 || *mechanism == M::hls_sha1 || *mechanism == M::hls_sha256) {
    config_.hls_secret = secrets_.password;
  }
  if ((*mechanism == M::lls || config_.hls_secret.size() != 0) && secrets_.password.empty()) {
    return usage(err_, "--auth " + o_.auth, "needs --password (or DLMS_PASSWORD)");
  }
  if (*mechanism != M::none && *mechanism != M::lls && *mechanism != M::hls_gmac &&
      secrets_.password.empty()) {
    return usage(err_, "--auth " + o_.auth, "needs --password (the HLS secret, or DLMS_PASSWORD)");
  }
  if (!key_bytes(o_.block_key, "DLMS_BLOCK_KEY", "--block-key", env_, 16, 32, secrets_.block_key, err_) ||
      !key_bytes(o_.auth_key, "DLMS_AUTH_KEY", "--auth-key", env_, 16, 32, secrets_.auth_key, err_) ||
      !key_bytes(o_.system_title, "", "--system-title", Environment{}, 8, 8, secrets_.system_title, err_)) {
    return kExitUsage;
  }
  if (!secrets_.block_key.empty()) {
    (void)config_.keys.set(security::KeyId::global_unicast_encryption, secrets_.block_key);
  }
  if (!secrets_.auth_key.empty()) {
    (void)config_.keys.set(security::KeyId::authentication, secrets_.auth_key);
  }
  if (auto t = security::SystemTitle::from(secrets_.system_title)) {
    config_.system_title = *t;
  }
  bool authenticated = false;
  bool encrypted = false;
  if (o_.security == "auth") {
    authenticated = true;
  } else if (o_.security == "enc") {
    encrypted = true;
  } else if (o_.security == "auth-enc") {
    authenticated = encrypted = true;
  } else if (o_.security != "none") {
    return usage(err_, "--security", "expected none, auth, enc or auth-enc");
  }
  if (authenticated || encrypted) {
    if (secrets_.block_key.empty() || (authenticated && secrets_.auth_key.empty())) {
      return usage(err_, "--security " + o_.security,
                   "needs --block-key and --auth-key (or DLMS_BLOCK_KEY, DLMS_AUTH_KEY)");
    }
    client::CipheringConfig c;
    c.security_control =
        security::SecurityControl::make(security::SecuritySuite::suite0, authenticated, encrypted);
    if (std::optional<int> rc = choose_ciphering(c)) {
      return rc;
    }
    config_.ciphering = c;
  }
  if (*mechanism == M::hls_gmac && (secrets_.block_key.empty() || secrets_.auth_key.empty())) {
    return usage(err_, "--auth hls-gmac",
                 "needs --block-key and --auth-key (or DLMS_BLOCK_KEY, DLMS_AUTH_KEY)");
  }
  // Ciphered requests (and HLS-GMAC pass 3) carry invocation counters the server checks for
  // replay: continue from the last run's (or --invocation-counter).
  if (config_.ciphering || *mechanism == M::hls_gmac) {
    // The meter keeps one counter per association, whatever the port or transport.
    std::string peer = o_.transport == "wrapper" || o_.device.empty() ? o_.host : o_.device;
    peer += "/" + std::to_string(o_.client) + "/" + std::to_string(o_.server) + "/";
    peer += to_hex(secrets_.system_title, '\0');
    counter_file_.emplace(env_.state_dir, peer);
    config_.invocation_counter = o_.invocation_counter ? *o_.invocation_counter : counter_file_->load();
  }
  config_.max_receive_pdu_size = static_cast<std::uint16_t>(o_.max_pdu);
  config_.max_response_size = o_.max_response;
  return std::nullopt;
}

std::optional<int> Session::open() {
  started_ = Clock::now();
  if (auto rc = build_config()) {
    return rc;
  }
  const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o_.timeout * 1000.0));
  hdlc::HdlcClientConfig hdlc;
  hdlc.client = hdlc::HdlcAddress::client(static_cast<std::uint8_t>(o_.client));
  hdlc.server = o_.physical < 0 ? hdlc::HdlcAddress::server(static_cast<std::uint16_t>(o_.server))
                : (o_.server <= 0x7F && o_.physical <= 0x7F)
                    ? hdlc::HdlcAddress::server(static_cast<std::uint16_t>(o_.server),
                                                static_cast<std::uint16_t>(o_.physical), 2)
                    : hdlc::HdlcAddress::server(static_cast<std::uint16_t>(o_.server),
                                                static_cast<std::uint16_t>(o_.physical), 4);
  hdlc.response_timeout = hdlc::HdlcDuration(std::min<std::int64_t>(timeout.count(), 3000));
  std::string where;
  Result<std::unique_ptr<transport::StreamClientChannel>> ch = std::error_code{};
  if (o_.transport == "optical") {
    if (o_.device.empty()) {
      return usage(err_, "--transport optical", "needs --device");
    }
    where = "open optical port " + o_.device;
    ch = transport::open_optical_serial(o_.device, hdlc, '6', timeout);
  } else if (o_.transport == "hdlc" && !o_.device.empty()) {
    where = "open " + o_.device;
    ch = transport::open_hdlc_serial(o_.device, o_.baud, hdlc, timeout);
  } else if (o_.transport == "hdlc" || o_.transport == "wrapper") {
    const bool is_hdlc = o_.transport == "hdlc";
    // Over TCP propose the largest information field (the server answers what it takes).
    hdlc.proposal.max_info_rx = static_cast<std::uint16_t>(hdlc::kMaxInfoFieldLength);
    hdlc.proposal.max_info_tx = static_cast<std::uint16_t>(hdlc::kMaxInfoFieldLength);
    const auto port = static_cast<std::uint16_t>(o_.port != 0 ? o_.port : (is_hdlc ? 4061 : 4059));
    where = "connect to " + o_.host + ":" + std::to_string(port);
    ch = is_hdlc ? transport::connect_hdlc_tcp(o_.host, port, hdlc, timeout)
                 : transport::connect_wrapper_tcp(o_.host, port, static_cast<std::uint16_t>(o_.client),
                                                  static_cast<std::uint16_t>(o_.server), timeout);
  } else {
    return usage(err_, "--transport", "expected wrapper, hdlc or optical");
  }
  if (!ch) {
    return fail(err_, where, ch.error());
  }
  channel_ = std::move(*ch);
  client::ClientChannel* c = channel_.get();
  if (o_.verbose) {
    verbose_ = std::make_unique<VerboseChannel>(*channel_, err_);
    c = verbose_.get();
  }
  client_ = std::make_unique<Client>(*c, config_, &backend_);
  if (env_.progress) {
    progress_ = std::make_unique<ProgressBar>(err_);
  }
  Result<client::AssociationInfo> info = client_->associate();
  if (!info) {
    return fail(err_, "associate", info.error());
  }
  if (!info->associated) {
    return refused(err_, "associate", info->outcome);
  }
  return std::nullopt;
}

void Session::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  if (client_ && client_->engine().associated()) {
    if (progress_) {
      progress_->done();
      client_->set_observer(nullptr);
    }
    (void)client_->release();
  }
  if (channel_) {
    (void)channel_->disconnect(std::chrono::milliseconds(500));
  }
  if (client_ && counter_file_) {
    // general-ciphering wrapped-key requests count in the master key's slot: keep the higher.
    const auto& counters = client_->engine().counters();
    counter_file_->store(std::max(counters.peek_send(security::KeyId::global_unicast_encryption),
                                  counters.peek_send(security::KeyId::master)));
  }
  seconds_ = std::chrono::duration<double>(Clock::now() - started_).count();
}

void Session::print_stats() const {
  if (!client_) {
    return;
  }
  const client::ExchangeCounters& c = client_->counters();
  std::array<char, 64> seconds{};
  std::snprintf(seconds.data(), seconds.size(), "%.3f", seconds_);
  err_ << "dlms: stats requests=" << c.requests << " bytes_sent=" << c.bytes_sent
       << " bytes_received=" << c.bytes_received << " seconds=" << seconds.data();
  if (channel_ && channel_->is_hdlc()) {
    const auto link = channel_->link_counters();
    err_ << " frames=" << link.frames_sent + link.frames_received;
  }
  err_ << '\n';
}

// ---------------------------------------------------------------------------------------------
// Values.

Format format_of(const std::string& name) {
  if (name == "json") {
    return Format::json;
  }
  if (name == "csv") {
    return Format::csv;
  }
  return Format::text;
}

// A value as the chosen format: text = the translator's XML, json = the translator's JSON,
// csv = rows (an array of structures) or one cell.
int print_value(std::ostream& out, std::ostream& err, ByteSpan encoded, Format format,
                const std::vector<std::string>& columns = {}) {
  if (format == Format::csv) {
    const codec::DataView v = codec::DataView::from_validated(encoded);
    TableWriter table(out, Format::csv, columns);
    if (v.type() == codec::DataType::array) {
      table.rows(v);
    } else {
      table.row(v);
    }
    table.finish();
    return kExitOk;
  }
  tr::Options options;
  options.limits.max_elements = 1U << 20U;
  const tr::Outcome<std::string> text =
      format == Format::json ? tr::data_to_json(encoded, options) : tr::data_to_xml(encoded, options);
  if (!text) {
    err << "dlms: print value: translator: " << text.failure().message() << '\n';
    return kExitUsage;
  }
  out << *text << '\n';
  return kExitOk;
}

// Storage of a row that spans two GET blocks (ArrayStreamDecoder): grows with the longest
// row, at most `limit` octets (--max-response).
class GrowingCarry final : public client::ArrayStreamDecoder::Carry {
 public:
  explicit GrowingCarry(std::size_t limit) : limit_(limit) {}
  MutableByteSpan reserve(std::size_t size) noexcept override {
    if (size > limit_) {
      return {};
    }
    if (bytes_.size() < size) {
      bytes_.resize(std::min(limit_, std::max(size, 2 * bytes_.size())));
    }
    return bytes_;
  }

 private:
  std::size_t limit_;
  std::vector<std::uint8_t> bytes_;
};

// A table printed row by row as the GET blocks of an array arrive (profile buffers, `get` as
// CSV). The table starts with the value's first octets, so a refusal prints nothing.
// `whole_as_rows`: a value that is not an array prints its elements as rows (profile),
// else as one row (`get`).
class TableSink final : public client::ArrayStreamDecoder::Handler {
 public:
  TableSink(std::ostream& out, Format format, std::vector<std::string> columns, bool whole_as_rows,
            ProgressBar* bar)
      : out_(out), format_(format), columns_(std::move(columns)), whole_as_rows_(whole_as_rows), bar_(bar) {}

  Status on_array(std::size_t /*count*/) noexcept override {
    start();
    return {};
  }
  Status on_element(codec::DataView element) noexcept override {
    table_->row(element);
    return {};
  }
  Status on_value(codec::DataView value) noexcept override {
    start();
    if (whole_as_rows_) {
      table_->rows(value);
    } else {
      table_->row(value);
    }
    return {};
  }
  // The value ended (the table closed), or the read failed (the rows so far written).
  void finish() {
    if (table_) {
      table_->finish();
    }
  }
  void abandon() {
    if (table_) {
      table_->abandon();
    }
  }

 private:
  void start() {
    table_.emplace(out_, format_, std::move(columns_));
    if (bar_ != nullptr) {
      // Rows on a terminal: clear the bar first (it is drawn again on the next exchange).
      table_->set_before_write([bar = bar_] { bar->done(); });
    }
  }

  std::ostream& out_;
  Format format_;
  std::vector<std::string> columns_;
  bool whole_as_rows_;
  ProgressBar* bar_;
  std::optional<TableWriter> table_;
};

// GET of `attribute` printed as a table while its blocks arrive; the exit status.
int stream_table(Session& s, std::ostream& out, Format format, const std::string& what,
                 const apdu::CosemAttributeDescriptor& attribute,
                 const std::optional<client::SelectiveAccess>& access, std::vector<std::string> columns,
                 bool whole_as_rows, std::size_t max_row) {
  Client& c = s.client();
  GrowingCarry carry(max_row);
  TableSink table(out, format, std::move(columns), whole_as_rows, s.progress());
  client::ArrayStreamDecoder decoder(table, carry, c.engine().config().limits);
  Result<DlmsOutcome> r = c.get_streamed(attribute, access, decoder);
  if (r && r->ok()) {
    if (Status f = decoder.finish(); !f) {
      r = f.error();
    }
  }
  c.set_observer(nullptr);
  if (s.progress() != nullptr) {
    s.progress()->done();
  }
  if (!r) {
    table.abandon();
    return fail(s.err(), what, r.error());
  }
  if (!r->ok()) {
    table.abandon();
    return refused(s.err(), what, *r);
  }
  table.finish();
  return kExitOk;
}

// A value given on the command line for `set` or `action`: --hex, --xml, --json, or plain
// typed as `type`.
struct ValueInput {
  bool hex = false;
  bool xml = false;
  bool json = false;
};

std::optional<codec::Data> read_value(const std::string& text, const ValueInput& how, codec::DataType type,
                                      std::ostream& err, const std::string& what) {
  std::vector<std::uint8_t> bytes;
  if (how.hex) {
    auto b = parse_hex_bytes(text);
    if (!b) {
      usage(err, what, "VALUE is not hex");
      return std::nullopt;
    }
    bytes = std::move(*b);
  } else if (how.xml || how.json) {
    const tr::Outcome<tr::Bytes> b = how.xml ? tr::xml_to_data(text) : tr::json_to_data(text);
    if (!b) {
      usage(err, what, b.failure().message());
      return std::nullopt;
    }
    bytes = *b;
  } else {
    std::string error;
    auto v = plain_value(text, type, error);
    if (!v) {
      usage(err, what, "VALUE " + text + ": " + error);
    }
    return v;
  }
  Result<codec::Data> d = codec::Data::decode(bytes);
  if (!d) {
    fail(err, what + ": VALUE", d.error());
    return std::nullopt;
  }
  return std::move(*d);
}

// Range descriptor (Blue Book 4.3.6, selector 1) over `restricting` from..to, all columns.
client::SelectiveAccess range_access(const codec::Data& restricting, const codec::CosemDateTime& from,
                                     const codec::CosemDateTime& to) {
  std::vector<codec::Data> fields;
  fields.push_back(restricting);
  fields.push_back(codec::Data::octet_string(ByteSpan(from.encode())));
  fields.push_back(codec::Data::octet_string(ByteSpan(to.encode())));
  fields.push_back(codec::Data::array({}));
  return {1, codec::Data::structure(std::move(fields))};
}

codec::Data clock_restricting_object() {
  return codec::Data::structure({codec::Data::long_unsigned(kClockClass),
                                 codec::Data::octet_string(ByteSpan(kClockLn.bytes)), codec::Data::integer(2),
                                 codec::Data::long_unsigned(0)});
}

// Entry descriptor (selector 2), all columns.
client::SelectiveAccess entry_access(const EntryRange& r) {
  return {2, codec::Data::structure({codec::Data::double_long_unsigned(r.from),
                                     codec::Data::double_long_unsigned(r.to), codec::Data::long_unsigned(1),
                                     codec::Data::long_unsigned(0)})};
}

struct AccessOptions {
  std::string from;
  std::string to;
  std::string entries;
};

// Capture objects of a profile (attribute 3): the column names and the first column as the
// restricting object of a range.
struct Columns {
  std::vector<std::string> names;
  std::optional<codec::Data> restricting;
};

Result<Columns> read_columns(Client& c, const apdu::ObisCode& profile, bool with_units) {
  Result<client::GetValue> v = c.get({kProfileClass, profile, 3});
  if (!v) {
    return v.error();
  }
  Columns cols;
  if (!v->outcome.ok() || v->value.type() != codec::DataType::array) {
    return cols;
  }
  std::vector<client::AttributeRequest> units;
  std::vector<std::size_t> unit_column;
  for (const codec::Data& d : v->value.elements()) {
    const auto& f = d.elements();
    if (d.type() != codec::DataType::structure || f.size() < 3 || f[1].octets().size() != 6) {
      cols.names.emplace_back("?");
      continue;
    }
    const auto& ln = f[1].octets();
    const ObjectReference ref{static_cast<std::uint16_t>(f[0].as_uint64()),
                              apdu::ObisCode(ln[0], ln[1], ln[2], ln[3], ln[4], ln[5]),
                              static_cast<std::int8_t>(f[2].as_int64())};
    if (!cols.restricting) {
      std::vector<codec::Data> r(f.begin(), f.begin() + 3);
      r.push_back(f.size() > 3 ? f[3] : codec::Data::long_unsigned(0));
      cols.restricting = codec::Data::structure(std::move(r));
    }
    if (with_units && ref.id == 2 && (ref.class_id == 3 || ref.class_id == 4 || ref.class_id == 5)) {
      units.push_back({{ref.class_id, ref.instance, 3}, std::nullopt});
      unit_column.push_back(cols.names.size());
    }
    cols.names.push_back(ref.to_string());
  }
  // The units from scaler_unit (one with-list request of up to 10 attributes at a time;
  // skipped when the server refuses multiple references).
  for (std::size_t first = 0; first < units.size(); first += 10) {
    const std::size_t n = std::min<std::size_t>(10, units.size() - first);
    Result<std::vector<client::GetValue>> got =
        c.get_list(std::span<const client::AttributeRequest>(units.data() + first, n));
    if (!got || got->size() != n) {
      break;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const codec::Data& su = (*got)[i].value;
      if (!(*got)[i].outcome.ok() || su.type() != codec::DataType::structure || su.elements().size() != 2) {
        continue;
      }
      const std::int64_t scaler = su.elements()[0].as_int64();
      const std::string_view unit = unit_symbol(static_cast<std::uint8_t>(su.elements()[1].as_uint64()));
      std::string& name = cols.names[unit_column[first + i]];
      if (scaler != 0) {
        name += " [" + std::string(unit) + " x 10^" + std::to_string(scaler) + "]";
      } else if (!unit.empty()) {
        name += " [" + std::string(unit) + "]";
      }
    }
  }
  return cols;
}

// The selective access of `get`/`profile` options (nullopt: none); `rc` set on a usage error.
std::optional<client::SelectiveAccess> access_of(const AccessOptions& a,
                                                 const std::optional<codec::Data>& restricting,
                                                 std::ostream& err, std::optional<int>& rc) {
  if (!a.entries.empty()) {
    auto r = parse_entries(a.entries);
    if (!r) {
      rc = usage(err, "--entries", "expected FROM:TO (1-based; TO empty or 0: to the last entry)");
      return std::nullopt;
    }
    return entry_access(*r);
  }
  if (a.from.empty() && a.to.empty()) {
    return std::nullopt;
  }
  codec::CosemDateTime from;
  codec::CosemDateTime to;
  from.year = 1970;
  from.month = 1;
  from.day_of_month = 1;
  from.hour = from.minute = from.second = from.hundredths = 0;
  to.year = 2099;
  to.month = 12;
  to.day_of_month = 31;
  to.hour = 23;
  to.minute = to.second = 59;
  to.hundredths = 0;
  if (!a.from.empty()) {
    auto t = parse_date_time(a.from);
    if (!t) {
      rc = usage(err, "--from", "expected a date-time like 2026-11-25T00:00:00 or 2026-11-25 00:00");
      return std::nullopt;
    }
    from = *t;
  }
  if (!a.to.empty()) {
    auto t = parse_date_time(a.to);
    if (!t) {
      rc = usage(err, "--to", "expected a date-time like 2026-11-25T00:00:00 or 2026-11-25 00:00");
      return std::nullopt;
    }
    to = *t;
  }
  return range_access(restricting ? *restricting : clock_restricting_object(), from, to);
}

// ---------------------------------------------------------------------------------------------
// Subcommands.

int cmd_info(Session& s, std::ostream& out, Format format) {
  const client::AssociationInfo& a = s.client().association();
  const std::string title = a.has_server_system_title ? to_hex(a.server_system_title.bytes(), '\0') : "";
  const std::vector<std::string> conformance = conformance_names(a.negotiated_conformance);
  std::array<char, 16> conf_hex{};
  std::snprintf(conf_hex.data(), conf_hex.size(), "%06X", a.negotiated_conformance.to_u32());
  if (format == Format::json) {
    std::string j = "{\"associated\":true,\"application_context\":";
    append_json_string(j, context_name(a.application_context));
    j += ",\"mechanism\":";
    append_json_string(j, mechanism_name(a.mechanism));
    j += ",\"conformance\":";
    append_json_string(j, conf_hex.data());
    j += ",\"conformance_bits\":[";
    for (std::size_t i = 0; i < conformance.size(); ++i) {
      j += i != 0 ? "," : "";
      append_json_string(j, conformance[i]);
    }
    j += "],\"client_max_receive_pdu_size\":" + std::to_string(a.client_max_receive_pdu_size);
    j += ",\"server_max_receive_pdu_size\":" + std::to_string(a.server_max_receive_pdu_size);
    j += ",\"dlms_version\":" + std::to_string(a.dlms_version);
    j += ",\"server_system_title\":";
    if (title.empty()) {
      j += "null";
    } else {
      append_json_string(j, title);
    }
    j += "}";
    out << j << '\n';
    return kExitOk;
  }
  const char sep = format == Format::csv ? ',' : ':';
  const char* pad = format == Format::csv ? "" : " ";
  out << "associated" << sep << pad << "yes\n";
  out << "application_context" << sep << pad << context_name(a.application_context) << '\n';
  out << "mechanism" << sep << pad << mechanism_name(a.mechanism) << '\n';
  std::string bits;
  for (const std::string& n : conformance) {
    bits += (bits.empty() ? "" : " ") + n;
  }
  out << "conformance" << sep << pad << conf_hex.data() << (format == Format::csv ? "" : " (" + bits + ")")
      << '\n';
  out << "client_max_receive_pdu_size" << sep << pad << a.client_max_receive_pdu_size << '\n';
  out << "server_max_receive_pdu_size" << sep << pad << a.server_max_receive_pdu_size << '\n';
  out << "dlms_version" << sep << pad << static_cast<unsigned>(a.dlms_version) << '\n';
  out << "server_system_title" << sep << pad << (title.empty() ? "-" : title) << '\n';
  return kExitOk;
}

// Access rights of an object list entry as "1:r 2:rw 3:-" and "1:x 2:-". Association LN
// version 3 access modes are bit flags (read 1, write 2, protection bits above: shown as "*");
// versions 0..2 use the enum 0 no-access, 1 read, 2 write, 3 read-write, 4..6 authenticated.
const char* attribute_mode_text(std::uint64_t mode, bool bit_flags) {
  static constexpr std::array<const char*, 7> kModes = {"-", "r", "w", "rw", "ar", "aw", "arw"};
  static constexpr std::array<const char*, 4> kBase = {"-", "r", "w", "rw"};
  static constexpr std::array<const char*, 4> kProtected = {"-*", "r*", "w*", "rw*"};
  if (bit_flags) {
    return (mode & ~3U) != 0 ? kProtected[mode & 3U] : kBase[mode & 3U];
  }
  return mode < kModes.size() ? kModes[mode] : "?";
}

bool readable(std::uint64_t mode, bool bit_flags) {
  return bit_flags ? (mode & 1U) != 0 : (mode == 1 || mode == 3 || mode == 4 || mode == 6);
}

void access_text(const codec::Data& rights, bool bit_flags, std::string& attributes, std::string& methods) {
  if (rights.type() != codec::DataType::structure || rights.elements().size() < 2) {
    return;
  }
  for (const codec::Data& a : rights.elements()[0].elements()) {
    if (a.elements().size() < 2) {
      continue;
    }
    attributes += (attributes.empty() ? "" : " ") + std::to_string(a.elements()[0].as_int64()) + ":" +
                  attribute_mode_text(a.elements()[1].as_uint64(), bit_flags);
  }
  for (const codec::Data& m : rights.elements()[1].elements()) {
    if (m.elements().size() < 2) {
      continue;
    }
    const codec::Data& mode = m.elements()[1];
    const std::uint64_t v = mode.as_uint64();
    const char* text = "-";
    if (mode.type() == codec::DataType::boolean) {
      text = v != 0 ? "x" : "-";
    } else if (bit_flags) {
      text = (v & 1U) == 0 ? "-" : (v & ~1U) != 0 ? "x*" : "x";
    } else {
      text = v == 0 ? "-" : v == 1 ? "x" : "ax";
    }
    methods += (methods.empty() ? "" : " ") + std::to_string(m.elements()[0].as_int64()) + ":" + text;
  }
}

// Whether the object list's access modes are Association LN version 3 bit flags (the
// version of the current association object in the list).
bool bit_flag_modes(const client::ObjectList& list) {
  for (const client::ObjectListEntry& e : list.objects) {
    if (e.class_id == client::kAssociationLnClassId && e.logical_name == client::kCurrentAssociation) {
      return e.version >= 3;
    }
  }
  return true;
}

int cmd_objects(Session& s, std::ostream& out, Format format) {
  Result<client::ObjectList> list = s.client().read_object_list();
  if (!list) {
    return fail(s.err(), "read object list", list.error());
  }
  if (!list->outcome.ok()) {
    return refused(s.err(), "read object list", list->outcome);
  }
  std::string buffer;
  if (format == Format::json) {
    buffer += "[";
  } else if (format == Format::csv) {
    buffer += "class_id,version,logical_name,class_name,attributes,methods\n";
  }
  bool first = true;
  const bool bit_flags = bit_flag_modes(*list);
  for (const client::ObjectListEntry& e : list->objects) {
    std::string attributes;
    std::string methods;
    access_text(e.access_rights, bit_flags, attributes, methods);
    const std::string name = class_name(e.class_id);
    const std::string ln = e.logical_name.to_string();
    if (format == Format::json) {
      buffer += first ? "\n" : ",\n";
      buffer += "{\"class_id\":" + std::to_string(e.class_id) + ",\"version\":" + std::to_string(e.version) +
                ",\"logical_name\":";
      append_json_string(buffer, ln);
      buffer += ",\"class_name\":";
      append_json_string(buffer, name);
      buffer += ",\"attributes\":";
      append_json_string(buffer, attributes);
      buffer += ",\"methods\":";
      append_json_string(buffer, methods);
      buffer += "}";
    } else if (format == Format::csv) {
      buffer += std::to_string(e.class_id);
      buffer += ',';
      buffer += std::to_string(e.version);
      buffer += ',';
      buffer += ln;
      buffer += ',';
      append_csv_field(buffer, name);
      buffer += ',';
      buffer += attributes;
      buffer += ',';
      buffer += methods;
      buffer += '\n';
    } else {
      std::array<char, 96> line{};
      std::snprintf(line.data(), line.size(), "%5u %2u %-18s %-24s", e.class_id, e.version, ln.c_str(),
                    name.empty() ? "?" : name.c_str());
      buffer += line.data();
      buffer += " attributes " + attributes + (methods.empty() ? "" : "  methods " + methods) + "\n";
    }
    first = false;
  }
  if (format == Format::json) {
    buffer += "\n]\n";
  }
  out << buffer;
  return kExitOk;
}

int cmd_get(Session& s, std::ostream& out, Format format, const ObjectReference& ref,
            const AccessOptions& a) {
  Client& c = s.client();
  std::vector<std::string> columns;
  std::optional<codec::Data> restricting;
  const bool buffer = ref.class_id == kProfileClass && ref.id == 2;
  if (buffer && (format == Format::csv || !a.from.empty() || !a.to.empty())) {
    Result<Columns> cols = read_columns(c, ref.instance, false);
    if (!cols) {
      return fail(s.err(), "get " + ref.instance.to_string() + " capture objects", cols.error());
    }
    columns = cols->names;
    restricting = cols->restricting;
  }
  std::optional<int> rc;
  const auto access = access_of(a, restricting, s.err(), rc);
  if (rc) {
    return *rc;
  }
  if (s.progress() != nullptr && buffer) {
    s.progress()->set_label("get " + ref.to_string());
    c.set_observer(s.progress());
  }
  if (format == Format::csv) {
    // Rows as the blocks arrive (a profile buffer is not held whole).
    return stream_table(s, out, format, "get " + ref.to_string(), ref.attribute(), access, std::move(columns),
                        false, s.max_response());
  }
  Result<client::EncodedValue> v = c.get_encoded(ref.attribute(), access);
  c.set_observer(nullptr);
  if (s.progress() != nullptr) {
    s.progress()->done();
  }
  if (!v) {
    return fail(s.err(), "get " + ref.to_string(), v.error());
  }
  if (!v->outcome.ok()) {
    return refused(s.err(), "get " + ref.to_string(), v->outcome);
  }
  return print_value(out, s.err(), v->encoded, format, columns);
}

int cmd_set(Session& s, const ObjectReference& ref, const std::string& text, const ValueInput& how,
            const AccessOptions& a) {
  const auto value =
      read_value(text, how, attribute_type(ref.class_id, ref.id), s.err(), "set " + ref.to_string());
  if (!value) {
    return kExitUsage;
  }
  std::optional<int> rc;
  const auto access = access_of(a, std::nullopt, s.err(), rc);
  if (rc) {
    return *rc;
  }
  Result<DlmsOutcome> r = s.client().set(ref.attribute(), *value, access);
  if (!r) {
    return fail(s.err(), "set " + ref.to_string(), r.error());
  }
  if (!r->ok()) {
    return refused(s.err(), "set " + ref.to_string(), *r);
  }
  return kExitOk;
}

int cmd_action(Session& s, std::ostream& out, Format format, const ObjectReference& ref,
               const std::optional<std::string>& param, const ValueInput& how) {
  std::optional<codec::Data> parameter;
  if (param) {
    codec::DataType type = codec::DataType::dont_care;
    if (const cosem::ClassDescription* c = cosem::find_class(ref.class_id)) {
      if (const cosem::MethodDescription* m = c->method(ref.id)) {
        type = m->parameter_type;
      }
    }
    parameter = read_value(*param, how, type, s.err(), "action " + ref.to_string());
    if (!parameter) {
      return kExitUsage;
    }
  } else if (const cosem::ClassDescription* c = cosem::find_class(ref.class_id)) {
    // Most methods take integer 0 when they need no data (Blue Book: "data ::= integer (0)").
    if (const cosem::MethodDescription* m = c->method(ref.id);
        m != nullptr && m->parameter_type == codec::DataType::integer) {
      parameter = codec::Data::integer(0);
    }
  }
  Result<client::ActionValue> r = s.client().action(ref.method(), parameter);
  if (!r) {
    return fail(s.err(), "action " + ref.to_string(), r.error());
  }
  if (!r->outcome.ok()) {
    return refused(s.err(), "action " + ref.to_string(), r->outcome);
  }
  if (r->return_access_result) {
    return refused(s.err(), "action " + ref.to_string() + " return parameters",
                   DlmsOutcome::data_access(*r->return_access_result));
  }
  if (r->return_value) {
    const std::vector<std::uint8_t> bytes = r->return_value->encode();
    return print_value(out, s.err(), bytes, format);
  }
  return kExitOk;
}

int cmd_read_all(Session& s, std::ostream& out, Format format) {
  Client& c = s.client();
  Result<client::ObjectList> list = c.read_object_list();
  if (!list) {
    return fail(s.err(), "read object list", list.error());
  }
  if (!list->outcome.ok()) {
    return refused(s.err(), "read object list", list->outcome);
  }
  struct Item {
    ObjectReference ref;
  };
  std::vector<Item> items;
  const bool bit_flags = bit_flag_modes(*list);
  for (const client::ObjectListEntry& e : list->objects) {
    if (e.access_rights.type() != codec::DataType::structure || e.access_rights.elements().empty()) {
      continue;
    }
    for (const codec::Data& a : e.access_rights.elements()[0].elements()) {
      if (a.elements().size() >= 2 && readable(a.elements()[1].as_uint64(), bit_flags)) {
        items.push_back({{e.class_id, e.logical_name, static_cast<std::int8_t>(a.elements()[0].as_int64())}});
      }
    }
  }
  ProgressBar* bar = s.progress();
  if (bar != nullptr) {
    bar->set_label("read-all");
    c.set_observer(bar);
  }
  int rc = kExitOk;
  std::string buffer;
  if (format == Format::json) {
    buffer += "[";
  } else if (format == Format::csv) {
    buffer += "attribute,name,value,error\n";
  }
  std::size_t done = 0;
  for (const Item& item : items) {
    if (bar != nullptr) {
      bar->set_items(done++, items.size());
    }
    const std::string ref = item.ref.to_string();
    const std::string name = attribute_name(item.ref.class_id, item.ref.id);
    Result<client::EncodedValue> v = c.get_encoded(item.ref.attribute());
    if (!v) {
      c.set_observer(nullptr);
      if (bar != nullptr) {
        bar->done();
      }
      out << buffer;
      return fail(s.err(), "get " + ref, v.error());
    }
    std::string value;
    std::string error;
    if (v->outcome.ok()) {
      if (format == Format::json) {
        append_json(value, codec::DataView::from_validated(v->encoded));
      } else {
        append_cell(value, codec::DataView::from_validated(v->encoded));
      }
    } else {
      error = std::string(v->outcome.describe().view());
      rc = kExitRefused;
    }
    if (format == Format::json) {
      buffer += buffer.size() == 1 ? "\n" : ",\n";
      buffer += "{\"attribute\":";
      append_json_string(buffer, ref);
      buffer += ",\"name\":";
      append_json_string(buffer, name);
      if (error.empty()) {
        buffer += ",\"value\":" + value + "}";
      } else {
        buffer += ",\"error\":";
        append_json_string(buffer, error);
        buffer += "}";
      }
    } else if (format == Format::csv) {
      buffer += ref + ",";
      append_csv_field(buffer, name);
      buffer += ",";
      append_csv_field(buffer, value);
      buffer += ",";
      append_csv_field(buffer, error);
      buffer += "\n";
    } else {
      buffer += ref;
      if (!name.empty()) {
        buffer += ' ';
        buffer += name;
      }
      buffer += ": ";
      buffer += error.empty() ? value : "error: " + error;
      buffer += '\n';
    }
    if (buffer.size() > (1U << 16U)) {
      out << buffer;
      buffer.clear();
    }
  }
  c.set_observer(nullptr);
  if (bar != nullptr) {
    bar->done();
  }
  if (format == Format::json) {
    buffer += "\n]\n";
  }
  out << buffer << std::flush;
  if (rc != kExitOk) {
    s.err() << "dlms: read-all: dlms: some attributes were refused (see the output)\n";
  }
  return rc;
}

int cmd_profile(Session& s, std::ostream& out, Format format, const std::string& obis_text,
                const AccessOptions& a) {
  const auto obis = apdu::ObisCode::parse(obis_text);
  if (!obis) {
    return usage(s.err(), "profile", "not an OBIS code: " + obis_text);
  }
  Client& c = s.client();
  Result<Columns> cols = read_columns(c, *obis, true);
  if (!cols) {
    return fail(s.err(), "profile " + obis_text + " capture objects", cols.error());
  }
  std::optional<int> rc;
  const auto access = access_of(a, cols->restricting, s.err(), rc);
  if (rc) {
    return *rc;
  }
  if (s.progress() != nullptr) {
    s.progress()->set_label("profile " + obis_text);
    c.set_observer(s.progress());
  }
  // Rows printed as the blocks arrive: memory is one block and one row, not the buffer.
  return stream_table(s, out, format, "profile " + obis_text, {kProfileClass, *obis, 2}, access,
                      std::move(cols->names), true, s.max_response());
}

int cmd_clock(Session& s, std::ostream& out, Format format, bool sync, const Environment& env) {
  Client& c = s.client();
  const ObjectReference ref{kClockClass, kClockLn, 2};
  Result<client::EncodedValue> v = c.get_encoded(ref.attribute());
  if (!v) {
    return fail(s.err(), "get " + ref.to_string(), v.error());
  }
  if (!v->outcome.ok()) {
    return refused(s.err(), "get " + ref.to_string(), v->outcome);
  }
  Result<codec::CosemDateTime> t = codec::DataView::from_validated(v->encoded).as_date_time();
  if (!t) {
    return fail(s.err(), "clock time", t.error());
  }
  codec::CosemDateTime shown = *t;
  if (sync) {
    const std::int16_t deviation =
        t->deviation == codec::cosem_time_value::deviation_not_specified ? std::int16_t{0} : t->deviation;
    const auto now =
        std::chrono::floor<std::chrono::seconds>(env.now ? env.now() : std::chrono::system_clock::now());
    std::uint8_t status = 0;
    if (t->clock_status != codec::cosem_time_value::status_not_specified) {
      status = t->clock_status & codec::clock_status::daylight_saving_active;
    }
    const codec::CosemDateTime host = codec::CosemDateTime::from_utc(now, deviation, status);
    Result<DlmsOutcome> r = c.set(ref.attribute(), codec::Data::octet_string(ByteSpan(host.encode())));
    if (!r) {
      return fail(s.err(), "set " + ref.to_string(), r.error());
    }
    if (!r->ok()) {
      return refused(s.err(), "set " + ref.to_string(), *r);
    }
    shown = host;
  }
  std::string time;
  append_date_time(time, shown);
  const bool has_deviation = shown.deviation != codec::cosem_time_value::deviation_not_specified;
  if (format == Format::json) {
    out << "{\"time\":\"" << time
        << "\",\"deviation\":" << (has_deviation ? std::to_string(shown.deviation) : "null")
        << ",\"clock_status\":" << static_cast<unsigned>(shown.clock_status)
        << ",\"synchronized\":" << (sync ? "true" : "false") << "}\n";
  } else if (format == Format::csv) {
    out << "time,deviation,clock_status\n"
        << time << ',' << (has_deviation ? std::to_string(shown.deviation) : "") << ','
        << static_cast<unsigned>(shown.clock_status) << '\n';
  } else {
    std::array<char, 8> status{};
    std::snprintf(status.data(), status.size(), "%02X", shown.clock_status);
    out << time;
    if (has_deviation) {
      out << " deviation " << shown.deviation;
    }
    out << " status " << status.data() << (sync ? " (set from the host clock)" : "") << '\n';
  }
  return kExitOk;
}

}  // namespace

Environment process_environment() {
  Environment env;
  env.getenv = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once, single thread
    if (v == nullptr) {
      return std::nullopt;
    }
    return std::string(v);
  };
  env.progress = ::isatty(2) == 1;
  env.now = [] { return std::chrono::system_clock::now(); };
  if (auto dir = env.getenv("DLMS_STATE_DIR")) {
    env.state_dir = *dir;
  } else if (auto state = env.getenv("XDG_STATE_HOME")) {
    env.state_dir = *state + "/dlms";
  } else if (auto home = env.getenv("HOME")) {
    env.state_dir = *home + "/.local/state/dlms";
  }
  return env;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Environment& env) {
  // The parser is dropped once the command line is read (its options and help texts are some
  // 40 kB of heap the session does not need).
  auto app = std::make_unique<CLI::App>(
      "dlms: a DLMS/COSEM client for meters (wrapper over TCP, HDLC over TCP or serial, optical port)",
      "dlms");
  app->require_subcommand(1);
  Options o;
  app->add_option("--host", o.host, "server host name or address")->capture_default_str();
  app->add_option("--port", o.port, "TCP port (default 4059 wrapper, 4061 hdlc)")
      ->check(CLI::Range(0, 65535));
  app->add_option("--transport", o.transport, "wrapper|hdlc|optical (hdlc with --device: serial HDLC)")
      ->check(CLI::IsMember({"wrapper", "hdlc", "optical"}))
      ->capture_default_str();
  app->add_option("--device", o.device, "serial device (hdlc) or optical probe (optical)");
  app->add_option("--baud", o.baud, "serial HDLC baud rate")->capture_default_str();
  app->add_option("--client", o.client, "client SAP (16 public, 32 reader, 1 management)")
      ->check(CLI::Range(0, 127))
      ->capture_default_str();
  app->add_option("--server", o.server, "server address: wrapper wPort / HDLC upper (logical device) address")
      ->check(CLI::Range(0, 0x3FFF))
      ->capture_default_str();
  app->add_option("--physical-address", o.physical, "HDLC lower (physical) address; default: 1-byte address")
      ->check(CLI::Range(0, 0x3FFF));
  app->add_option("--auth", o.auth, "none|lls|hls-md5|hls-sha1|hls-gmac|hls-sha256|hls-ecdsa")
      ->check(CLI::IsMember({"none", "lls", "hls-md5", "hls-sha1", "hls-gmac", "hls-sha256", "hls-ecdsa"}))
      ->capture_default_str();
  app->add_option("--password", o.password, "LLS password or HLS secret (or DLMS_PASSWORD)");
  app->add_option("--suite", o.suite, "security suite 0|1|2 (1 and 2: not supported yet)")
      ->check(CLI::Range(0, 2))
      ->capture_default_str();
  app->add_option("--security", o.security, "none|auth|enc|auth-enc (suite-0 ciphering, see --ciphering)")
      ->check(CLI::IsMember({"none", "auth", "enc", "auth-enc"}))
      ->capture_default_str();
  app->add_option("--ciphering", o.ciphering,
                  "envelope of protected requests: glo|ded|general-glo|general-ded|general|general-wrapped "
                  "(glo-/ded- service APDUs, general-glo-/general-ded-ciphering, general-ciphering with "
                  "identified-key or wrapped-key; ded: --dedicated-key or a random one; general-wrapped: "
                  "--master-key)")
      ->check(CLI::IsMember({"glo", "ded", "general-glo", "general-ded", "general", "general-wrapped"}))
      ->capture_default_str();
  app->add_option("--master-key", o.master_key,
                  "master key (KEK), hex, for general-wrapped (or DLMS_MASTER_KEY)");
  app->add_option("--dedicated-key", o.dedicated_key, "dedicated key, hex, for ded and general-ded");
  app->add_option("--block-key", o.block_key, "global unicast encryption key, hex (or DLMS_BLOCK_KEY)");
  app->add_option("--auth-key", o.auth_key, "authentication key, hex (or DLMS_AUTH_KEY)");
  app->add_option("--system-title", o.system_title, "the client's system title, hex")->capture_default_str();
  app->add_option("--max-pdu", o.max_pdu, "client max receive PDU size")
      ->check(CLI::Range(64, 65535))
      ->capture_default_str();
  app->add_option("--timeout", o.timeout, "seconds for connecting and for each exchange")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app->add_option("--format", o.format, "text|json|csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  app->add_flag("--verbose", o.verbose, "print each APDU (hex) on stderr");
  app->add_flag("--stats", o.stats,
                "print 'dlms: stats requests=N bytes_sent=N bytes_received=N seconds=X' on stderr");
  app->add_option(
      "--invocation-counter", o.invocation_counter,
      "first invocation counter of ciphered requests (default: the last run's, kept in the state directory)");
  app->add_option("--max-response", o.max_response, "largest response in octets (reassembled blocks)")
      ->check(CLI::Range(1024, 64 << 20))
      ->capture_default_str();

  auto* associate = app->add_subcommand("associate", "associate and show what was negotiated");
  auto* info = app->add_subcommand("info", "the same as associate");
  auto* objects = app->add_subcommand("objects", "the object list (class, version, OBIS, access)");
  std::string ref_text;
  AccessOptions access;
  auto* get =
      app->add_subcommand("get", "read an attribute: get CLASS/OBIS/ATTR, e.g. get 3/1.0.1.8.0.255/2");
  get->add_option("CLASS/OBIS/ATTR", ref_text, "the attribute")->required();
  get->add_option("--from", access.from, "range start (profile buffers), e.g. 2026-11-25T00:00:00");
  get->add_option("--to", access.to, "range end (profile buffers)");
  get->add_option("--entries", access.entries, "entries FROM:TO (1-based; profile buffers)");
  std::string value_text;
  ValueInput how;
  auto* set = app->add_subcommand("set", "write an attribute: set CLASS/OBIS/ATTR VALUE");
  set->add_option("CLASS/OBIS/ATTR", ref_text, "the attribute")->required();
  set->add_option("VALUE", value_text,
                  "the value: plain (typed from the class description), or --hex/--xml/--json")
      ->required();
  std::optional<std::string> param;
  auto* action = app->add_subcommand("action", "invoke a method: action CLASS/OBIS/METHOD [PARAM]");
  action->add_option("CLASS/OBIS/METHOD", ref_text, "the method")->required();
  action->add_option(
      "PARAM", param,
      "the parameter (plain, or --hex/--xml/--json); default integer 0 where the class asks for it");
  for (CLI::App* sub : {set, action}) {
    auto* h = sub->add_flag("--hex", how.hex, "VALUE is A-XDR hex");
    auto* x = sub->add_flag("--xml", how.xml, "VALUE is XML as dlms-translate data2xml prints it");
    auto* j = sub->add_flag("--json", how.json, "VALUE is JSON as dlms-translate data2xml --json prints it");
    h->excludes(x)->excludes(j);
    x->excludes(j);
  }
  auto* read_all = app->add_subcommand("read-all", "every readable attribute of every object in the list");
  std::string profile_obis = kLoadProfileLn.to_string();
  auto* profile =
      app->add_subcommand("profile", "read a profile's buffer (by date range) as CSV, JSON or text");
  profile->add_option("OBIS", profile_obis, "the profile generic object")->capture_default_str();
  profile->add_option("--from", access.from, "range start, e.g. 2026-11-25T00:00:00 (meter local time)");
  profile->add_option("--to", access.to, "range end");
  profile->add_option("--entries", access.entries, "entries FROM:TO instead of a date range");
  bool sync = false;
  auto* clock = app->add_subcommand("clock", "read the meter clock; --sync writes the host's time");
  clock->add_flag("--sync", sync, "set the meter clock from the host clock");
  auto* translate =
      app->add_subcommand("translate", "the dlms-translate subcommands (dlms translate --help)");
  translate->prefix_command();
  translate->set_help_flag();
  for (CLI::App* sub : {associate, info, objects, get, set, action, read_all, profile, clock}) {
    sub->fallthrough();
  }

  std::vector<const char*> argv;
  argv.push_back("dlms");
  for (const std::string& a : args) {
    argv.push_back(a.c_str());
  }
  try {
    app->parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    const int rc = app->exit(e, out, err);
    return rc == 0 ? kExitOk : kExitUsage;
  }

  if (translate->parsed()) {
    std::vector<std::string> rest = translate->remaining();
    return run_translate(rest, out, err);
  }

  const Format format = format_of(o.format);
  std::optional<ObjectReference> ref;
  if (get->parsed() || set->parsed() || action->parsed()) {
    ref = parse_reference(ref_text);
    if (!ref) {
      return usage(err, ref_text, "expected CLASS/OBIS/ATTR, e.g. 3/1.0.1.8.0.255/2");
    }
  }
  if (!apdu::ObisCode::parse(profile_obis)) {
    return usage(err, "profile", "not an OBIS code: " + profile_obis);
  }
  if (o.port == 0 && (o.transport == "wrapper" || o.device.empty())) {
    o.port = o.transport == "hdlc" ? 4061 : 4059;
  }
  enum class Command { info, objects, get, set, action, read_all, profile, clock, none };
  Command command = Command::none;
  if (associate->parsed() || info->parsed()) {
    command = Command::info;
  } else if (objects->parsed()) {
    command = Command::objects;
  } else if (get->parsed()) {
    command = Command::get;
  } else if (set->parsed()) {
    command = Command::set;
  } else if (action->parsed()) {
    command = Command::action;
  } else if (read_all->parsed()) {
    command = Command::read_all;
  } else if (profile->parsed()) {
    command = Command::profile;
  } else if (clock->parsed()) {
    command = Command::clock;
  }
  app.reset();

  int rc = kExitOk;
  {
    Session s(o, err, env);
    if (auto failed = s.open()) {
      s.close();
      if (o.stats) {
        s.print_stats();
      }
      return *failed;
    }
    switch (command) {
      case Command::info: rc = cmd_info(s, out, format); break;
      case Command::objects: rc = cmd_objects(s, out, format); break;
      case Command::get: rc = cmd_get(s, out, format, *ref, access); break;
      case Command::set: rc = cmd_set(s, *ref, value_text, how, access); break;
      case Command::action: rc = cmd_action(s, out, format, *ref, param, how); break;
      case Command::read_all: rc = cmd_read_all(s, out, format); break;
      case Command::profile: rc = cmd_profile(s, out, format, profile_obis, access); break;
      case Command::clock: rc = cmd_clock(s, out, format, sync, env); break;
      case Command::none: break;
    }
    out.flush();
    s.close();
    if (o.stats) {
      s.print_stats();
    }
  }
  return rc;
}

}  // namespace dlms::cli
