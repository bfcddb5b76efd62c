#pragma once
// The meter's built-in TEST credentials (/work/notes/SESSION3-CONTRACT.md "Built-in TEST
// credentials"): public client SAP 16 without security, reader SAP 32 with LLS, management
// SAP 1 with HLS-GMAC and suite-0 authenticated encryption. Test keys only, never for a real
// meter.

#include <cstdint>
#include <string_view>

namespace dlms::system_test {

inline constexpr std::uint16_t kPublicClientSap = 16;
inline constexpr std::uint16_t kReaderClientSap = 32;
inline constexpr std::uint16_t kManagementClientSap = 1;
inline constexpr std::uint16_t kLogicalDeviceSap = 1;

inline constexpr std::string_view kReaderPassword = "12345678";
inline constexpr std::string_view kBlockKey = "000102030405060708090A0B0C0D0E0F";   // GUEK
inline constexpr std::string_view kAuthKey = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";    // AK
inline constexpr std::string_view kMasterKey = "000102030405060708090A0B0C0D0E0F";  // KEK
inline constexpr std::string_view kMeterSystemTitle = "4D4D4D0000000001";
inline constexpr std::string_view kClientSystemTitle = "4D4D4D0000000002";  // dlms's default

}  // namespace dlms::system_test
