// dlms-translate: APDUs and bare A-XDR values to and from XML (or JSON).
//
//   dlms-translate pdu2xml  HEX...        APDU bytes -> XML
//   dlms-translate xml2pdu  FILE|-        XML -> APDU bytes (hex)
//   dlms-translate data2xml HEX...        one A-XDR Data value -> XML
//   dlms-translate xml2data FILE|-        XML -> A-XDR bytes (hex)
//   dlms-translate frame2xml HEX...       one HDLC frame (7E..7E) or wrapper frame -> XML
//   --json: JSON instead of XML on either side.
//
// HEX may be split over several arguments and contain white space; "-" reads it from stdin.
// Bad input prints one line "error: <what> at byte <n>" (or "at line <n> (<Element>)" for XML)
// on stderr and exits 1. Usage errors exit 2.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "apps/dlms-translate/frame_xml.hpp"
#include "stack/core/hex.hpp"
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

int run(int argc, char** argv) {
  CLI::App app{"DLMS/COSEM translator: APDUs and A-XDR data to and from XML or JSON"};
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
  for (CLI::App* sub : {pdu2xml, data2xml, xml2pdu, xml2data, frame2xml}) {
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
  if (pdu2xml->parsed()) {
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

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
  }
}
