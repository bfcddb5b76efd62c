#pragma once
// Exact xDLMS APDU byte vectors, one or more for every CHOICE, each with its source. Shared by
// the xDLMS tests (round trip, truncation at every byte, trailing bytes) and mirrored as seeds
// in fuzz/corpus/xdlms_apdu_fuzz/.
//
// Sources:
//   [dlms-cosem]  test vectors of the dlms-cosem Python library (github.com/u9n/dlms-cosem,
//                 tests/test_xdlms/*.py, tests/test_general_global_cipher.py).
//   [GB T40]      Green Book (DLMS UA 1000-2) Table 40, "Example: glo-get-request xDLMS APDU",
//                 as quoted in dlms-cosem tests/test_xdlms/test_service_specific_cipher.py.
//   [GB T41]      Green Book Table 41, ACCESS with general-ciphering, One-Pass Diffie-Hellman
//                 key agreement, as quoted in dlms-cosem tests/test_xdlms/test_general_ciphering.py.
//   [GB T137]     Green Book Table 137, "Writing the value of a single attribute with block
//                 transfer", as quoted in dlms-cosem tests/test_xdlms/test_set.py.
//   [ASN.1]       constructed from the Green Book xDLMS ASN.1 (IEC 62056-5-3 clause 9.5).

#include <ostream>

namespace dlms::apdu::test {

struct Vector {
  const char* name;
  const char* hex;
  const char* source;
};

// GoogleTest prints parameters with this (instead of their raw bytes).
inline void PrintTo(const Vector& v, std::ostream* os) { *os << v.name; }

inline constexpr Vector kVectors[] = {
    // ---- GET (0xC0 / 0xC4)
    {"get_request_normal", "C0 01 C1 0001 00002B0100FF 02 00", "[dlms-cosem] test_get.py"},
    {"get_request_normal_clock", "C0 01 C1 0008 0000010000FF 02 00", "[ASN.1] clock time, as in the brief"},
    {"get_request_normal_selective_access",
     "C0 01 C1 0007 0100630100FF 02 01 01"
     " 0204 0204 120008 0906 0000010000FF 0F02 120000"
     " 090C 07E10A0107000000 00FFC480 090C 07E10A0107010000 00FFC480 0100",
     "[dlms-cosem] test_selective_access.py test_parse_range_descriptor"},
    {"get_request_next", "C0 02 C1 00000001", "[dlms-cosem] test_get.py"},
    {"get_request_with_list", "C0 03 C1 02 0001 00002A0000FF 02 00 0008 0000010000FF 02 00",
     "[dlms-cosem] test_get.py"},
    {"get_request_with_list_selective_access",
     "C0 03 C1 02 0003 0100010800FF 02 00"
     " 0007 0100630100FF 02 01 02 0204 0600000001 0600000005 120001 120000",
     "[ASN.1] entry descriptor on the second item"},
    {"get_response_normal_data", "C4 01 C1 00 06 00001391", "[dlms-cosem] test_get.py"},
    {"get_response_normal_data_access_result", "C4 01 C1 01 01", "[dlms-cosem] test_get.py"},
    {"get_response_with_datablock_raw", "C4 02 C1 00 00000001 00 06 010202020600", "[ASN.1]"},
    {"get_response_with_datablock_result", "C4 02 C1 01 00000002 01 0E", "[ASN.1]"},
    {"get_response_with_list", "C4 03 C1 02 00 06 00001391 01 04", "[ASN.1]"},
    // ---- SET (0xC1 / 0xC5)
    {"set_request_normal", "C1 01 C1 0008 0000010000FF 02 00 090C 07E50118FF0E3039 50FFC400",
     "[dlms-cosem] test_set.py"},
    {"set_request_normal_selective_access", "C1 01 C1 0007 0100630100FF 02 01 02 120001 0100", "[ASN.1]"},
    {"set_request_with_first_datablock",
     "C1 02 C1 0001 0000800000FF 02 00 00 00000001 15 0932 0102030405060708091011121314 1516171819",
     "[GB T137]"},
    {"set_request_with_datablock", "C1 03 C1 01 00000002 03 161718", "[ASN.1]"},
    {"set_request_with_list", "C1 04 C1 02 0001 0000800000FF 02 00 0003 0100010800FF 02 00 02 1105 120007",
     "[ASN.1]"},
    {"set_request_with_list_and_first_datablock",
     "C1 05 C1 01 0001 0000800000FF 02 00 00 00000001 04 09320102", "[ASN.1]"},
    {"set_response_normal", "C5 01 C1 00", "[dlms-cosem] test_set.py"},
    {"set_response_datablock", "C5 02 C1 00000001", "[dlms-cosem] test_set.py"},
    {"set_response_last_datablock", "C5 03 C1 00 00000002", "[dlms-cosem] test_set.py"},
    {"set_response_last_datablock_with_list", "C5 04 C1 02 00 03 00000002", "[ASN.1]"},
    {"set_response_with_list", "C5 05 C1 03 00 03 FA", "[ASN.1]"},
    // ---- ACTION (0xC3 / 0xC7)
    {"action_request_normal", "C3 01 C0 000F 0000280000FF 01 01 0911 1000001A90E6D2221FA2FD85EED61ACC22",
     "[dlms-cosem] test_action.py (reply_to_HLS_authentication)"},
    {"action_request_normal_no_parameters", "C3 01 C0 000F 0000280000FF 01 00",
     "[dlms-cosem] test_action.py"},
    {"action_request_next_pblock", "C3 02 C1 00000001", "[ASN.1]"},
    {"action_request_with_list", "C3 03 C1 02 0046 0000600300FF 01 0046 0000600300FF 02 02 0F00 0F00",
     "[ASN.1]"},
    {"action_request_with_first_pblock", "C3 04 C1 0012 00002C0000FF 01 00 00000001 05 0202090600",
     "[ASN.1]"},
    {"action_request_with_list_and_first_pblock", "C3 05 C1 01 0012 00002C0000FF 02 00 00000001 03 020212",
     "[ASN.1]"},
    {"action_request_with_pblock", "C3 06 C1 01 00000002 02 0001", "[ASN.1]"},
    {"action_response_normal", "C7 01 C0 00 00", "[dlms-cosem] test_action.py"},
    {"action_response_normal_with_data", "C7 01 C0 00 01 00 0911 1000001AFDE8857B728A3499106AA665D1",
     "[dlms-cosem] test_action.py"},
    {"action_response_normal_with_data_access_result", "C7 01 C0 00 01 01 FA", "[dlms-cosem] test_action.py"},
    {"action_response_with_pblock", "C7 02 C1 00 00000001 03 091000", "[ASN.1]"},
    {"action_response_with_list", "C7 03 C1 02 00 00 0B 01 00 0F05", "[ASN.1]"},
    {"action_response_next_pblock", "C7 04 C1 00000001", "[ASN.1]"},
    // ---- Notifications, exception, block transfer
    {"exception_response", "D8 01 02", "[ASN.1] service-not-allowed, service-not-supported"},
    {"exception_response_invocation_counter", "D8 02 06 0000002A", "[ASN.1] invocation-counter-error"},
    {"data_notification",
     "0F 000001DB 00 0922 125A859136000000004900000011000000 0A5A8513D014800000000D0000000A0100",
     "[dlms-cosem] test_data_notification.py"},
    {"data_notification_with_date_time", "0F 00000005 0C 07E60B18040C000000FFC400 0202 120001 0600000010",
     "[ASN.1]"},
    {"event_notification_request", "C2 00 0001 0000600B00FF 02 12002A", "[ASN.1]"},
    {"event_notification_request_with_time", "C2 01 0C 07E60B18040C000000FFC400 0001 0000600B00FF 02 1105",
     "[ASN.1]"},
    {"general_block_transfer", "E0 81 0001 0000 09 C401C100 0600001391", "[ASN.1]"},
    {"general_block_transfer_streaming", "E0 42 0002 0001 03 AABBCC", "[ASN.1]"},
    // ---- Ciphered containers
    {"glo_get_request", "C8 1E 30 01234567 411312FF935A47566827C467BC 7D825C3BE4A77C3FCC056B6B", "[GB T40]"},
    {"glo_initiate_request", "21 09 20 00000001 AABBCCDD", "[ASN.1]"},
    {"ded_get_response", "D4 08 30 00000002 AABBCC", "[ASN.1]"},
    {"general_glo_ciphering",
     "DB 08 2F19229199164103 3B 30 000001E5 025CE9D2271FD78BE8C204211A916A9D7F587E0A7A814CADEA89E9593F01F9"
     "2EA8C087B5BDFDEFEAB6BECF282DFE49C08F5BE6DC8400",
     "[dlms-cosem] test_general_global_cipher.py"},
    {"general_ded_ciphering", "DC 08 4D4D4D0000000001 07 20 00000003 0102", "[ASN.1]"},
    {"general_ciphering",
     "DD080102030405060708084D4D4D0000BC614E084D4D4D000000000100000102"
     "01018180C323C2BD45711DE4688637D919F92E9DB8FB2DFC213A88D21C9DC8DC"
     "BA917D8170511DE1BADB360D50058F794B0960AE11FA28D392CFF907A62D13E3"
     "357B1DC0B51BE089D0B682863B2217201E73A1A9031968A9B4121DCBC3281A69"
     "739AF87429F5B3AC5471E7B6A04A2C0F2F8A25FD772A317DF97FC5463FEAC248"
     "EB8AB8BE81EB3100000000F435069679270C5BF4425EE5777402A6C8D51C620E"
     "ED52DBB188378B836E2857D5C053E6DDF27FA87409AEF502CD9618AE47017C01"
     "0224FD109CC0BEB21E742D44AB40CD11908743EC90EC8C40E221D517F72228E1"
     "A26E827F43DC18ED27B5F458D66508B05A2A4CC6FED178C881AFC3BC67064689"
     "BE8BB41C80ABB3C114A31F4CB03B8B64C7E0B4CE77B2399C93347858888F9223"
     "9713B38DF01C4858245827A92EF334172EA636B31CBBDF2A96AD5D035F66AA38"
     "F1A2D97D4BBA99622E6B5F18789CECB2DFB3937D9F3E17F8B472098E6563238F"
     "37528374809836002AEA6E7012D2ADFAA7",
     "[GB T41]"},
    {"general_ciphering_identified_key", "DD 01 01 08 4D4D4D0000000001 00 00 00 01 00 00 06 30 00000001 AA",
     "[ASN.1]"},
    {"general_ciphering_wrapped_key", "DD 00 00 00 00 00 01 01 00 02 A1A2 06 30 00000001 AA", "[ASN.1]"},
    {"general_ciphering_no_key_info", "DD 00 00 00 00 00 00 05 30 00000009", "[ASN.1]"},
    // ---- SN referencing
    {"read_request_variable_name", "05 01 02 FA08", "[ASN.1]"},
    {"read_request_mixed", "05 03 02 FA08 04 6008 01 120001 05 0002", "[ASN.1]"},
    {"read_response", "0C 04 00 12002A 01 03 02 00 0001 02 AABB 03 0002", "[ASN.1]"},
    {"write_request", "06 03 02 FA00 06 00 0001 03 AABBCC 07 01 0002 01 0F05", "[ASN.1]"},
    {"write_response", "0D 03 00 01 03 02 0005", "[ASN.1]"},
    {"unconfirmed_write_request", "16 01 02 FA00 01 1107", "[ASN.1]"},
};

}  // namespace dlms::apdu::test
