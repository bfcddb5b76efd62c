#include "apps/dlms-translate/frame_xml.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <utility>
#include <vector>

#include "stack/core/byte_reader.hpp"
#include "stack/core/hex.hpp"
#include "transports/hdlc/hdlc_address.hpp"
#include "transports/hdlc/hdlc_control.hpp"
#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/hdlc_frame.hpp"
#include "transports/hdlc/hdlc_parameters.hpp"
#include "transports/wrapper/wrapper_error.hpp"
#include "transports/wrapper/wrapper_frame.hpp"

namespace dlms::translate_app {
namespace {

namespace tr = dlms::translator;

// One element: attributes, children, and optionally an APDU already rendered by the translator.
struct Node {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Node> children;
  std::string embedded;  // XML or JSON text of a translated APDU
};

std::string hex16(unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", value & 0xFFFFU);
  return buf;
}

std::string hex8(unsigned value) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02X", value & 0xFFU);
  return buf;
}

// Attribute values are numbers, hex and names, except a translator message, which may quote.
std::string escaped(const std::string& value, bool json) {
  std::string out;
  for (const char c : value) {
    if (json && (c == '"' || c == '\\')) {
      out += '\\';
      out += c;
    } else if (!json && c == '"') {
      out += "&quot;";
    } else if (!json && c == '<') {
      out += "&lt;";
    } else if (!json && c == '>') {
      out += "&gt;";
    } else if (!json && c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

tr::Failure fail(std::string what, std::size_t at) {
  return tr::Failure{std::move(what), tr::Failure::Where::byte, at, {}};
}

void render_xml(const Node& node, unsigned indent, unsigned depth, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent) * depth, ' ');
  const char* nl = indent == 0 ? "" : "\n";
  out += pad + "<" + node.name;
  for (const auto& [key, value] : node.attributes) {
    out += " " + key + "=\"" + escaped(value, false) + "\"";
  }
  if (node.children.empty() && node.embedded.empty()) {
    out += std::string(" />") + nl;
    return;
  }
  out += std::string(">") + nl;
  for (const Node& child : node.children) {
    render_xml(child, indent, depth + 1, out);
  }
  if (!node.embedded.empty()) {
    // Re-indent the translator's lines one level deeper than this element.
    const std::string inner(static_cast<std::size_t>(indent) * (depth + 1), ' ');
    std::size_t start = 0;
    while (start < node.embedded.size()) {
      std::size_t end = node.embedded.find('\n', start);
      if (end == std::string::npos) {
        end = node.embedded.size();
      }
      if (end > start) {
        out += inner + node.embedded.substr(start, end - start) + nl;
      }
      start = end + 1;
    }
  }
  out += pad + "</" + node.name + ">" + nl;
}

void render_json(const Node& node, std::string& out) {
  if (node.attributes.empty() && node.children.empty() && !node.embedded.empty()) {
    out += node.embedded;  // a translated APDU is the element's value
    return;
  }
  out += "{";
  bool first = true;
  auto sep = [&] {
    if (!first) {
      out += ",";
    }
    first = false;
  };
  for (const auto& [key, value] : node.attributes) {
    sep();
    out += "\"" + key + "\":\"" + escaped(value, true) + "\"";
  }
  for (const Node& child : node.children) {
    sep();
    out += "\"" + child.name + "\":";
    render_json(child, out);
  }
  if (!node.embedded.empty()) {
    sep();
    out += "\"Pdu\":" + node.embedded;
  }
  out += "}";
}

// The APDU element: translated when it decodes, else its bytes as hex.
Node apdu_node(ByteSpan apdu, bool json, const tr::Options& options) {
  Node node{"Apdu", {}, {}, {}};
  tr::Options inner = options;
  if (json) {
    inner.indent = 0;
  }
  const tr::Outcome<std::string> text = json ? tr::pdu_to_json(apdu, inner) : tr::pdu_to_xml(apdu, inner);
  if (text) {
    node.embedded = *text;
  } else {
    node.attributes.emplace_back("Value", to_hex(apdu, '\0'));
    node.attributes.emplace_back("Error", text.failure().message());
  }
  return node;
}

const char* type_name(hdlc::FrameType type) {
  switch (type) {
    case hdlc::FrameType::I: return "I";
    case hdlc::FrameType::RR: return "RR";
    case hdlc::FrameType::RNR: return "RNR";
    case hdlc::FrameType::SNRM: return "SNRM";
    case hdlc::FrameType::DISC: return "DISC";
    case hdlc::FrameType::UA: return "UA";
    case hdlc::FrameType::DM: return "DM";
    case hdlc::FrameType::FRMR: return "FRMR";
    case hdlc::FrameType::UI: return "UI";
    case hdlc::FrameType::unknown: break;
  }
  return "Unknown";
}

Node address_node(const char* name, const hdlc::HdlcAddress& address, const char* role) {
  Node node{name, {}, {}, {}};
  if (role != nullptr) {
    node.attributes.emplace_back("Role", role);
  }
  node.attributes.emplace_back("Upper", std::to_string(address.upper));
  if (address.size > 1) {
    node.attributes.emplace_back("Lower", std::to_string(address.lower));
  }
  node.attributes.emplace_back("Size", std::to_string(address.size));
  return node;
}

// Where the header (format .. control) ends in `wire`, flag included; 0 if the addresses do
// not decode.
std::size_t header_end(ByteSpan wire) {
  ByteReader in(wire.subspan(3));
  hdlc::HdlcAddress a;
  hdlc::HdlcAddress b;
  if (!hdlc::decode_address(in, a) || !hdlc::decode_address(in, b)) {
    return 0;
  }
  return 3 + in.offset() + 1;
}

tr::Outcome<Node> hdlc_node(ByteSpan wire, bool json, const tr::Options& options) {
  // Green Book 8.4.1: 7E, format (2), ..., 7E; the length field counts the octets between flags.
  if (wire.size() < 3) {
    return fail("HDLC frame truncated", wire.size());
  }
  const unsigned format = (static_cast<unsigned>(wire[1]) << 8U) | wire[2];
  if ((format >> 12U) != 0xAU) {
    return fail("HDLC frame format type is not 3", 1);
  }
  const std::size_t length = format & 0x7FFU;
  if (wire.size() < length + 2) {
    return fail("HDLC frame truncated", wire.size());
  }
  if (wire.size() > length + 2) {
    return fail("trailing bytes after the HDLC frame", length + 2);
  }
  const Result<hdlc::HdlcFrame> decoded = hdlc::decode_frame(wire);
  if (!decoded) {
    // Only the HDLC decoder's own codes come back here.
    const auto code = static_cast<hdlc::hdlc_errc>(decoded.error().value());
    switch (code) {
      case hdlc::hdlc_errc::bad_hcs: return fail("wrong HCS", header_end(wire));
      case hdlc::hdlc_errc::bad_fcs: return fail("wrong FCS", wire.size() - 3);
      case hdlc::hdlc_errc::missing_flag:
        return fail("missing flag 7E", wire.front() != hdlc::kFlag ? 0 : wire.size() - 1);
      case hdlc::hdlc_errc::bad_address: return fail("bad HDLC address", 3);
      case hdlc::hdlc_errc::bad_length: return fail("bad HDLC frame length", 1);
      default: return fail("HDLC frame truncated", wire.size() - 1);
    }
  }
  const hdlc::HdlcFrame& frame = *decoded;
  Node root{"HdlcFrame", {}, {}, {}};
  root.children.push_back(
      {"FrameFormat",
       {{"Type", "3"}, {"Segmented", frame.segmented ? "1" : "0"}, {"Length", std::to_string(length)}},
       {},
       {}});

  // Who is the client: commands SNRM/DISC go to the server, UA/DM/FRMR come from it; for the
  // other frames the LLC header tells (E6 E6 command, E6 E7 response, Green Book 8.4.4).
  const hdlc::HdlcControl& control = frame.control;
  const ByteSpan info = frame.information;
  const bool llc_command = info.size() >= 3 && info[0] == 0xE6 && info[1] == 0xE6 && info[2] == 0x00;
  const bool llc_response = info.size() >= 3 && info[0] == 0xE6 && info[1] == 0xE7 && info[2] == 0x00;
  int to_server = -1;
  if (control.type == hdlc::FrameType::SNRM || control.type == hdlc::FrameType::DISC || llc_command) {
    to_server = 1;
  } else if (control.type == hdlc::FrameType::UA || control.type == hdlc::FrameType::DM ||
             control.type == hdlc::FrameType::FRMR || llc_response) {
    to_server = 0;
  }
  root.children.push_back(address_node("DestinationAddress", frame.destination,
                                       to_server < 0 ? nullptr : (to_server == 1 ? "Server" : "Client")));
  root.children.push_back(address_node("SourceAddress", frame.source,
                                       to_server < 0 ? nullptr : (to_server == 1 ? "Client" : "Server")));

  Node ctl{"Control", {{"Value", hex8(control.raw)}, {"Kind", type_name(control.type)}}, {}, {}};
  if (control.type == hdlc::FrameType::I) {
    ctl.attributes.emplace_back("NS", std::to_string(control.ns));
  }
  if (control.type == hdlc::FrameType::I || control.type == hdlc::FrameType::RR ||
      control.type == hdlc::FrameType::RNR) {
    ctl.attributes.emplace_back("NR", std::to_string(control.nr));
  }
  ctl.attributes.emplace_back("PF", control.pf ? "1" : "0");
  root.children.push_back(std::move(ctl));

  const std::size_t hend = header_end(wire);
  // Both check sequences are sent least significant octet first (Green Book 8.4.1.4).
  if (!info.empty()) {
    root.children.push_back({"Hcs", {{"Value", hex16(wire[hend] | (wire[hend + 1] << 8U))}}, {}, {}});
  }

  if (control.type == hdlc::FrameType::SNRM || control.type == hdlc::FrameType::UA) {
    const Result<hdlc::HdlcParameters> params = hdlc::decode_parameters(info);
    if (!params) {
      return fail("bad SNRM/UA parameters", hend + 2);
    }
    Node p{"Parameters",
           {{"MaxInfoFieldTransmit", std::to_string(params->max_info_tx)},
            {"MaxInfoFieldReceive", std::to_string(params->max_info_rx)},
            {"WindowTransmit", std::to_string(params->window_tx)},
            {"WindowReceive", std::to_string(params->window_rx)}},
           {},
           {}};
    if (info.empty()) {
      p.attributes.emplace_back("Defaults", "1");  // absent field: 128 octets, window 1
    }
    root.children.push_back(std::move(p));
  } else if (!info.empty()) {
    ByteSpan apdu = info;
    if (llc_command || llc_response) {
      root.children.push_back(
          {"Llc",
           {{"Value", to_hex(info.first(3), '\0')}, {"Kind", llc_command ? "Command" : "Response"}},
           {},
           {}});
      apdu = info.subspan(3);
    }
    // A whole APDU: the first segment (LLC header) of an unsegmented frame (I or UI).
    const bool whole = (llc_command || llc_response) && !frame.segmented && !apdu.empty() &&
                       (control.type == hdlc::FrameType::I || control.type == hdlc::FrameType::UI);
    if (whole) {
      root.children.push_back(apdu_node(apdu, json, options));
    } else {
      root.children.push_back({"Information", {{"Value", to_hex(apdu, '\0')}}, {}, {}});
    }
  }
  root.children.push_back(
      {"Fcs", {{"Value", hex16(wire[wire.size() - 3] | (wire[wire.size() - 2] << 8U))}}, {}, {}});
  return root;
}

tr::Outcome<Node> wrapper_node(ByteSpan wire, bool json, const tr::Options& options) {
  const Result<wrapper::WrapperFrame> decoded = wrapper::decode_datagram(wire, 0xFFFF);
  if (!decoded) {
    const auto code = static_cast<wrapper::wrapper_errc>(decoded.error().value());
    switch (code) {
      case wrapper::wrapper_errc::bad_version: return fail("wrapper version is not 0001", 0);
      case wrapper::wrapper_errc::empty_apdu: return fail("wrapper length is 0", 6);
      case wrapper::wrapper_errc::apdu_too_large: return fail("wrapper length too large", 6);
      case wrapper::wrapper_errc::trailing_bytes:
        return fail("trailing bytes after the wrapper frame",
                    wrapper::WrapperHeader::kSize + ((wire[6] << 8U) | wire[7]));
      default:
        return fail(wire.size() < wrapper::WrapperHeader::kSize ? "wrapper header truncated"
                                                                : "wrapper frame truncated",
                    wire.size());
    }
  }
  const wrapper::WrapperHeader& h = decoded->header;
  Node root{"WrapperFrame",
            {{"Version", std::to_string(h.version)},
             {"SourceWPort", std::to_string(h.source_wport)},
             {"DestinationWPort", std::to_string(h.destination_wport)},
             {"Length", std::to_string(h.length)}},
            {},
            {}};
  root.children.push_back(apdu_node(decoded->apdu, json, options));
  return root;
}

}  // namespace

tr::Outcome<std::string> frame_to_text(ByteSpan wire, bool json, const tr::Options& options) {
  if (wire.empty()) {
    return fail("empty frame", 0);
  }
  // 7E opens an HDLC frame; a wrapper header starts with its version 00 01.
  if (wire.front() != hdlc::kFlag && wire.front() != 0x00) {
    return fail("neither an HDLC frame (7E) nor a wrapper frame (00 01)", 0);
  }
  tr::Outcome<Node> node =
      wire.front() == hdlc::kFlag ? hdlc_node(wire, json, options) : wrapper_node(wire, json, options);
  if (!node) {
    return node.failure();
  }
  std::string out;
  if (json) {
    out = "{\"" + node->name + "\":";
    render_json(*node, out);
    out += "}";
  } else {
    render_xml(*node, options.indent, 0, out);
    while (!out.empty() && out.back() == '\n') {
      out.pop_back();
    }
  }
  return out;
}

}  // namespace dlms::translate_app
