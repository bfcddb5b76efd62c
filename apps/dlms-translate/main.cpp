// dlms-translate: APDUs and bare A-XDR values to and from XML (or JSON).
//
//   dlms-translate pdu2xml  HEX...        APDU bytes -> XML
//   dlms-translate xml2pdu  FILE|-        XML -> APDU bytes (hex)
//   dlms-translate data2xml HEX...        one A-XDR Data value -> XML
//   dlms-translate xml2data FILE|-        XML -> A-XDR bytes (hex)
//   dlms-translate frame2xml HEX...       one HDLC frame (7E..7E) or wrapper frame -> XML
//   dlms-translate encrypt HEX...         plain APDU -> ciphered APDU (hex), security suite 0
//   dlms-translate decrypt HEX...         ciphered APDU -> plain APDU (hex)
//   --json: JSON instead of XML on either side.
//   --block-key, --auth-key, --system-title (the sender's): keys of encrypt/decrypt; given to
//   pdu2xml they show the deciphered content of ciphered APDUs (<Deciphered>).
//   encrypt also takes --invocation-counter, --security-control (hex, default 30) and
//   --general / --dedicated (default: the glo- APDU of the plaintext's service).
//
// HEX may be split over several arguments and contain white space; "-" reads it from stdin.
// Bad input prints one line "error: <what> at byte <n>" (or "at line <n> (<Element>)" for XML)
// on stderr and exits 1. Usage errors exit 2.
#include <exception>
#include <iostream>

#include "apps/dlms-translate/translate_cli.hpp"

int main(int argc, char** argv) {
  try {
    return dlms::translate_app::run(argc, argv, "dlms-translate");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
  }
}
