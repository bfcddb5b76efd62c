// The dlms-translate command line (shared by dlms-translate and `dlms translate`).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "apps/dlms-translate/frame_xml.hpp"
#include "apps/dlms-translate/translate_cli.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/translator/cipher.hpp"
#include "stack/translator/translator.hpp"

namespace {

namespace tr = dlms::translator;

int report(const tr::Failure& failure) {
  std::cerr << "error: " << failure.message() << '\n';
  return 1;
}

bool read_all(std::istream& in, std::string& out) {
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return !in.bad();
}

// FILE or "-" (stdin).
bool read_source(const std::string& name, std::string& out) {
  if (name == "-") {
    return read_all(std::cin, out);
  }
  std::ifstream in(name, std::ios::binary);
  if (!in) {
    return false;
  }
  return read_all(in, out);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    out += p;
    out += ' ';
  }
  return out;
}

enum class HexInput { pdu, data, frame };

int hex_to_text(const std::vector<std::string>& args, bool json, HexInput kind, const tr::Options& options) {
  std::string text = join(args);
  if (args.size() == 1 && args.front() == "-" && !read_all(std::cin, text)) {
    std::cerr << "error: cannot read stdin\n";
    return 1;
  }
  const tr::Outcome<tr::Bytes> bytes = tr::parse_hex(text);
  if (!bytes) {
    return report(bytes.failure());
  }
  const tr::Outcome<std::string> out =
      kind == HexInput::frame  ? dlms::translate_app::frame_to_text(*bytes, json, options)
      : kind == HexInput::data ? (json ? tr::data_to_json(*bytes, options) : tr::data_to_xml(*bytes, options))
                               : (json ? tr::pdu_to_json(*bytes, options) : tr::pdu_to_xml(*bytes, options));
  if (!out) {
    return report(out.failure());
  }
  std::cout << *out << '\n';
  return 0;
}

int text_to_hex(const std::string& source, bool json, bool data, const tr::Options& options, bool compact) {
  std::string text;
  if (!read_source(source, text)) {
    std::cerr << "error: cannot read " << source << '\n';
    return 1;
  }
  const tr::Outcome<tr::Bytes> out =
      data ? (json ? tr::json_to_data(text, options) : tr::xml_to_data(text, options))
           : (json ? tr::json_to_pdu(text, options) : tr::xml_to_pdu(text, options));
  if (!out) {
    return report(out.failure());
  }
  std::cout << dlms::to_hex(*out, compact ? '\0' : ' ') << '\n';
  return 0;
}

// The key options, as given.
struct KeyOptions {
  std::string block_key;
  std::string auth_key;
  std::string system_title;
  std::string invocation_counter = "0";
  std::string security_control = "30";
  bool general = false;
  bool dedicated = false;
  [[nodiscard]] bool any_key() const { return !block_key.empty() || !auth_key.empty(); }
};

// Hex option value -> bytes; prints one line and returns false when it is not hex.
bool option_bytes(const char* name, const std::string& text, tr::Bytes& out) {
  const tr::Outcome<tr::Bytes> b = tr::parse_hex(text);
  if (!b) {
    std::cerr << "error: " << name << ": " << b.failure().message() << '\n';
    return false;
  }
  out = *b;
  return true;
}

// A number: decimal, or hex with 0x.
bool option_number(const char* name, const std::string& text, std::uint64_t max, bool hex_default,
                   std::uint64_t& out) {
  std::string digits = text;
  int base = hex_default ? 16 : 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits = digits.substr(2);
    base = 16;
  }
  std::uint64_t v = 0;
  bool ok = !digits.empty() && digits.size() <= 16;
  for (char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    }
    if (d < 0) {
      ok = false;
      break;
    }
    v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
    if (v > max) {
      ok = false;
      break;
    }
  }
  if (!ok) {
    std::cerr << "error: " << name << ": not a number up to " << max << ": " << text << '\n';
    return false;
  }
  out = v;
  return true;
}

bool cipher_params(const KeyOptions& k, tr::CipherParams& p) {
  std::uint64_t ic = 0;
  std::uint64_t sc = 0;
  if (!option_bytes("--block-key", k.block_key, p.block_key) ||
      !option_bytes("--auth-key", k.auth_key, p.auth_key) ||
      !option_bytes("--system-title", k.system_title, p.system_title) ||
      !option_number("--invocation-counter", k.invocation_counter, 0xFFFFFFFFU, false, ic) ||
      !option_number("--security-control", k.security_control, 0xFF, true, sc)) {
    return false;
  }
  p.invocation_counter = static_cast<std::uint32_t>(ic);
  p.security_control = static_cast<std::uint8_t>(sc);
  p.form = k.general ? (k.dedicated ? tr::CipherForm::general_dedicated : tr::CipherForm::general_global)
                     : (k.dedicated ? tr::CipherForm::dedicated : tr::CipherForm::global);
  return true;
}

// encrypt / decrypt HEX: the APDU out as hex.
int cipher(const std::vector<std::string>& args, const KeyOptions& keys, bool encrypt, bool compact) {
  std::string text = join(args);
  if (args.size() == 1 && args.front() == "-" && !read_all(std::cin, text)) {
    std::cerr << "error: cannot read stdin\n";
    return 1;
  }
  if (keys.block_key.empty()) {
    std::cerr << "error: " << (encrypt ? "encrypt" : "decrypt") << " needs --block-key\n";
    return 2;
  }
  if (encrypt && keys.system_title.empty()) {
    std::cerr << "error: encrypt needs --system-title (the sender's)\n";
    return 2;
  }
  tr::CipherParams params;
  if (!cipher_params(keys, params)) {
    return 1;
  }
  const tr::Outcome<tr::Bytes> bytes = tr::parse_hex(text);
  if (!bytes) {
    return report(bytes.failure());
  }
  dlms::security::OpenSslBackend backend;
  if (encrypt) {
    const tr::Outcome<tr::Bytes> c = tr::encrypt_apdu(backend, *bytes, params);
    if (!c) {
      return report(c.failure());
    }
    std::cout << dlms::to_hex(*c, compact ? '\0' : ' ') << '\n';
    return 0;
  }
  const tr::Outcome<tr::Deciphered> d = tr::decrypt_apdu(backend, *bytes, params);
  if (!d) {
    return report(d.failure());
  }
  std::cout << dlms::to_hex(d->apdu, compact ? '\0' : ' ') << '\n';
  return 0;
}

}  // namespace

namespace dlms::translate_app {

int run(int argc, const char* const* argv, const char* name) {
  CLI::App app{"DLMS/COSEM translator: APDUs and A-XDR data to and from XML or JSON", name};
  app.require_subcommand(1);
  bool json = false;
  bool comments = false;
  bool compact = false;
  unsigned indent = 2;
  app.add_flag("--json", json,
               "JSON instead of XML (output of pdu2xml/data2xml/frame2xml, input of xml2pdu/xml2data)");
  app.add_flag("--comments", comments, "add reading aids as XML comments (OBIS codes, dates, floats)");
  app.add_option("--indent", indent, "spaces per level; 0 prints one line")->check(CLI::Range(0, 16));
  app.add_flag("--compact", compact, "print hex output without spaces between bytes");
  KeyOptions keys;
  app.add_option("--block-key", keys.block_key,
                 "encryption key (hex, 16 octets) for encrypt/decrypt/pdu2xml");
  app.add_option("--auth-key", keys.auth_key, "authentication key (hex, 16 octets)");
  app.add_option("--system-title", keys.system_title, "the sender's system title (hex, 8 octets)");
  app.add_option("--invocation-counter", keys.invocation_counter,
                 "encrypt: invocation counter (decimal or 0x hex)");
  app.add_option("--security-control", keys.security_control,
                 "encrypt: security control byte (hex; 10 authenticated, 20 encrypted, 30 both)");
  app.add_flag("--general", keys.general, "encrypt: general-glo-ciphering (general-ded with --dedicated)");
  app.add_flag("--dedicated", keys.dedicated, "encrypt: ded- (dedicated key) instead of glo-");

  std::vector<std::string> hex_args;
  std::string source;
  auto* pdu2xml = app.add_subcommand("pdu2xml", "APDU bytes (hex) -> XML");
  pdu2xml->add_option("HEX", hex_args, "hex bytes (white space ignored), or - for stdin")->required();
  auto* data2xml = app.add_subcommand("data2xml", "one A-XDR Data value (hex) -> XML");
  data2xml->add_option("HEX", hex_args, "hex bytes (white space ignored), or - for stdin")->required();
  auto* xml2pdu = app.add_subcommand("xml2pdu", "XML -> APDU bytes (hex)");
  xml2pdu->add_option("FILE", source, "XML file, or - for stdin")->required();
  auto* xml2data = app.add_subcommand("xml2data", "XML -> one A-XDR Data value (hex)");
  xml2data->add_option("FILE", source, "XML file, or - for stdin")->required();
  auto* frame2xml = app.add_subcommand("frame2xml", "one HDLC or wrapper frame (hex) -> XML");
  frame2xml->add_option("HEX", hex_args, "hex bytes (white space ignored), or - for stdin")->required();
  auto* encrypt = app.add_subcommand("encrypt", "plain APDU (hex) -> ciphered APDU (hex), security suite 0");
  encrypt->add_option("HEX", hex_args, "hex bytes (white space ignored), or - for stdin")->required();
  auto* decrypt = app.add_subcommand("decrypt", "ciphered APDU (hex) -> plain APDU (hex)");
  decrypt->add_option("HEX", hex_args, "hex bytes (white space ignored), or - for stdin")->required();
  for (CLI::App* sub : {pdu2xml, data2xml, xml2pdu, xml2data, frame2xml, encrypt, decrypt}) {
    sub->fallthrough();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  tr::Options options;
  options.comments = comments;
  options.indent = indent;
  if (encrypt->parsed() || decrypt->parsed()) {
    return cipher(hex_args, keys, encrypt->parsed(), compact);
  }
  if (pdu2xml->parsed()) {
    dlms::security::OpenSslBackend backend;
    tr::Decipher decipher;
    if (keys.any_key()) {
      tr::CipherParams params;
      if (!cipher_params(keys, params)) {
        return 1;
      }
      decipher = tr::Decipher{&backend, params.block_key, params.auth_key, params.system_title};
      options.decipher = &decipher;
    }
    return hex_to_text(hex_args, json, HexInput::pdu, options);
  }
  if (data2xml->parsed()) {
    return hex_to_text(hex_args, json, HexInput::data, options);
  }
  if (frame2xml->parsed()) {
    return hex_to_text(hex_args, json, HexInput::frame, options);
  }
  if (xml2pdu->parsed()) {
    return text_to_hex(source, json, false, options, compact);
  }
  return text_to_hex(source, json, true, options, compact);
}

}  // namespace dlms::translate_app
