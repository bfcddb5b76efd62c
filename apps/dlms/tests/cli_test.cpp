// The dlms command line: argument parsing, value typing and output formatting with exact
// strings, exit codes, and whole runs against an in-process meter (tests/test_meter.hpp) over
// the wrapper and HDLC over TCP.
#include "apps/dlms/cli.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "apps/dlms/args.hpp"
#include "apps/dlms/output.hpp"
#include "apps/dlms/tests/test_meter.hpp"
#include "stack/codec/data.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cli {
namespace {

struct CliRun {
  int rc = -1;
  std::string out;
  std::string err;
};

// A fresh state directory per meter (its invocation counters start over).
std::string g_state_dir;

Environment test_environment() {
  Environment env;
  env.state_dir = g_state_dir;
  env.getenv = [](const char*) -> std::optional<std::string> { return std::nullopt; };
  env.now = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(test::kNowUtcS + 3600)); };
  return env;
}

CliRun run_cli(const std::vector<std::string>& args, const Environment& env = test_environment()) {
  std::ostringstream out;
  std::ostringstream err;
  CliRun r;
  r.rc = run(args, out, err, env);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string cell_of(const std::string& hex_bytes) {
  const auto bytes = from_hex(hex_bytes).value();
  std::string s;
  append_cell(s, codec::read_data_exact(bytes).value());
  return s;
}

std::string json_of(const std::string& hex_bytes) {
  const auto bytes = from_hex(hex_bytes).value();
  std::string s;
  append_json(s, codec::read_data_exact(bytes).value());
  return s;
}

// --- Arguments ---------------------------------------------------------------------------------

TEST(DlmsArgs, ReferencesAreClassObisAndId) {
  const auto r = parse_reference("3/1.0.1.8.0.255/2");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->class_id, 3);
  EXPECT_EQ(r->instance, apdu::ObisCode(1, 0, 1, 8, 0, 255));
  EXPECT_EQ(r->id, 2);
  EXPECT_EQ(r->to_string(), "3/1.0.1.8.0.255/2");
  EXPECT_EQ(parse_reference("8/0-0:1.0.0*255/-1")->id, -1);
  EXPECT_EQ(parse_reference("0x0F/0.0.40.0.0.255/1")->class_id, 15);
  for (const char* bad :
       {"", "3", "3/1.0.1.8.0.255", "3/1.0.1.8.0/2", "65536/1.0.1.8.0.255/2", "3/1.0.1.8.0.256/2",
        "3/1.0.1.8.0.255/128", "x/1.0.1.8.0.255/2", "3/1.0.1.8.0.255/2x"}) {
    EXPECT_FALSE(parse_reference(bad)) << bad;
  }
}

TEST(DlmsArgs, DateTimesInBothSpellings) {
  const auto a = parse_date_time("2026-11-25T00:15:30");
  ASSERT_TRUE(a);
  EXPECT_EQ(to_hex(a->encode(), '\0'), "07EA0B1903000F1E008000FF");
  const auto b = parse_date_time("2026-11-25 00:15");
  ASSERT_TRUE(b);
  EXPECT_EQ(to_hex(b->encode(), '\0'), "07EA0B1903000F00008000FF");
  EXPECT_EQ(to_hex(parse_date_time("2026-11-25")->encode(), '\0'),
            "07EA0B190300000000"
            "8000FF");
  for (const char* bad : {"2026-11-31", "2026-13-01", "2026-11-25T24:00", "2026-11-25T00:00:60", "26-11-25",
                          "2026-11-25X00:00", "2026-11-25T00:00:0", "2026/11/25"}) {
    EXPECT_FALSE(parse_date_time(bad)) << bad;
  }
}

TEST(DlmsArgs, EntryRanges) {
  EXPECT_EQ(parse_entries("1:10")->from, 1U);
  EXPECT_EQ(parse_entries("1:10")->to, 10U);
  EXPECT_EQ(parse_entries("5:")->to, 0U);
  EXPECT_EQ(parse_entries("7")->to, 7U);
  EXPECT_FALSE(parse_entries("0:3"));
  EXPECT_FALSE(parse_entries("5:3"));
  EXPECT_FALSE(parse_entries("a:3"));
}

TEST(DlmsArgs, PlainValuesAreTypedFromTheClassDescription) {
  std::string error;
  EXPECT_EQ(attribute_type(1, 2), codec::DataType::dont_care);
  EXPECT_EQ(plain_value("7", codec::DataType::long_unsigned, error)->encode(), from_hex("12 00 07").value());
  EXPECT_EQ(plain_value("-2", codec::DataType::integer, error)->encode(), from_hex("0F FE").value());
  EXPECT_EQ(plain_value("0x10", codec::DataType::unsigned_, error)->encode(), from_hex("11 10").value());
  EXPECT_EQ(plain_value("true", codec::DataType::boolean, error)->encode(), from_hex("03 01").value());
  EXPECT_EQ(plain_value("1.0.1.8.0.255", codec::DataType::octet_string, error)->encode(),
            from_hex("09 06 01 00 01 08 00 FF").value());
  EXPECT_EQ(plain_value("2026-11-25 00:15", codec::DataType::octet_string, error)->encode(),
            from_hex("09 0C 07 EA 0B 19 03 00 0F 00 00 80 00 FF").value());
  EXPECT_EQ(plain_value("ab", codec::DataType::visible_string, error)->encode(),
            from_hex("0A 02 61 62").value());
  EXPECT_EQ(plain_value("300", codec::DataType::dont_care, error)->encode(),
            from_hex("06 00 00 01 2C").value());
  EXPECT_EQ(plain_value("name", codec::DataType::dont_care, error)->encode(),
            from_hex("0A 04 6E 61 6D 65").value());
  EXPECT_FALSE(plain_value("300", codec::DataType::unsigned_, error));
  EXPECT_EQ(error, "out of range");
  EXPECT_FALSE(plain_value("x", codec::DataType::long_unsigned, error));
  EXPECT_EQ(error, "not an integer");
  EXPECT_FALSE(plain_value("1", codec::DataType::structure, error));
}

// --- Output ------------------------------------------------------------------------------------

TEST(DlmsOutput, Cells) {
  EXPECT_EQ(cell_of("06 00 00 04 D2"), "1234");
  EXPECT_EQ(cell_of("10 FF FE"), "-2");
  EXPECT_EQ(cell_of("03 01"), "true");
  EXPECT_EQ(cell_of("09 06 01 00 01 08 00 FF"), "0100010800FF");
  EXPECT_EQ(cell_of("09 0C 07 EA 0B 19 03 00 0F 00 00 80 00 FF"), "2026-11-25T00:15:00");
  EXPECT_EQ(cell_of("09 0C FF FF FF FF FF 00 00 00 00 80 00 FF"), "*-*-*T00:00:00");
  EXPECT_EQ(cell_of("0A 02 61 62"), "ab");
  EXPECT_EQ(cell_of("00"), "");
  EXPECT_EQ(cell_of("02 02 0F FD 16 1E"), "{-3;30}");
  EXPECT_EQ(cell_of("04 04 A0"), "1010");
  EXPECT_EQ(cell_of("17 3F C0 00 00"), "1.5");
  EXPECT_EQ(json_of("02 03 0A 01 22 00 03 00"), "[\"\\\"\",null,false]");
}

TEST(DlmsOutput, CsvTextAndJsonTables) {
  const auto bytes = from_hex(
                         "01 02 02 02 09 0C 07 EA 0B 19 03 00 0F 00 00 80 00 FF 06 00 00 00 01"
                         " 02 02 09 0C 07 EA 0B 19 03 00 1E 00 00 80 00 FF 0A 03 61 2C 62")
                         .value();
  const codec::DataView v = codec::read_data_exact(bytes).value();
  std::ostringstream csv;
  {
    TableWriter t(csv, Format::csv, {"8/0.0.1.0.0.255/2", "3/1.0.1.8.0.255/2 [Wh]"});
    t.rows(v);
  }
  EXPECT_EQ(csv.str(),
            "8/0.0.1.0.0.255/2,3/1.0.1.8.0.255/2 [Wh]\n2026-11-25T00:15:00,1\n2026-11-25T00:30:00,\"a,b\"\n");
  std::ostringstream text;
  {
    TableWriter t(text, Format::text, {"a", "b"});
    t.rows(v);
  }
  EXPECT_EQ(text.str(), "a\tb\n2026-11-25T00:15:00\t1\n2026-11-25T00:30:00\ta,b\n");
  std::ostringstream json;
  {
    TableWriter t(json, Format::json, {"a", "b"});
    t.rows(v);
  }
  EXPECT_EQ(json.str(),
            "{\"columns\":[\"a\",\"b\"],\"rows\":[\n[\"2026-11-25T00:15:00\",1],\n[\"2026-11-25T00:30:00\","
            "\"a,b\"]\n]}\n");
  EXPECT_EQ(unit_symbol(30), "Wh");
  EXPECT_EQ(unit_symbol(35), "V");
  EXPECT_EQ(unit_symbol(255), "");
}

// --- Exit codes without a meter -----------------------------------------------------------------

TEST(DlmsCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli({}).rc, kExitUsage);
  EXPECT_EQ(run_cli({"frobnicate"}).rc, kExitUsage);
  const CliRun bad_ref = run_cli({"get", "3/1.0.1.8.0/2"});
  EXPECT_EQ(bad_ref.rc, kExitUsage);
  EXPECT_EQ(bad_ref.err, "dlms: 3/1.0.1.8.0/2: usage: expected CLASS/OBIS/ATTR, e.g. 3/1.0.1.8.0.255/2\n");
  const CliRun suite = run_cli({"--suite", "1", "info"});
  EXPECT_EQ(suite.rc, kExitUsage);
  EXPECT_EQ(
      suite.err,
      "dlms: --suite 1: usage: not supported yet (security suites 1 and 2 need the public-key layer)\n");
  EXPECT_EQ(run_cli({"--auth", "hls-ecdsa", "info"}).rc, kExitUsage);
  EXPECT_EQ(run_cli({"--auth", "lls", "info"}).err,
            "dlms: --auth lls: usage: needs --password (or DLMS_PASSWORD)\n");
  EXPECT_EQ(run_cli({"--security", "auth-enc", "info"}).rc, kExitUsage);
  EXPECT_EQ(run_cli({"--block-key", "0011", "--security", "enc", "info"}).err,
            "dlms: --block-key: usage: expected 16 or 32 octets of hex\n");
  const CliRun help = run_cli({"--help"});
  EXPECT_EQ(help.rc, kExitOk);
  EXPECT_NE(help.out.find("read-all"), std::string::npos);
}

TEST(DlmsCli, ConnectionRefusedExitsTwoWithOneLine) {
  const CliRun r = run_cli({"--port", "1", "info"});
  EXPECT_EQ(r.rc, kExitUsage);
  EXPECT_EQ(r.err.rfind("dlms: connect to 127.0.0.1:1: ", 0), 0U) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(DlmsCli, TranslateRunsTheTranslatorCommandLine) {
  const CliRun r = run_cli({"translate", "data2xml", "06 00 00 00 01"});
  EXPECT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out, "<UInt32 Value=\"00000001\" />\n");
  const CliRun json = run_cli({"translate", "--json", "data2xml", "12 00 07"});
  EXPECT_EQ(json.rc, kExitOk) << json.err;
  EXPECT_NE(json.out.find("UInt16"), std::string::npos);
  EXPECT_EQ(run_cli({"translate", "data2xml", "zz"}).rc, 1);
}

// --- Against the in-process meter ---------------------------------------------------------------

class DlmsCliMeter : public ::testing::TestWithParam<const char*> {
 protected:
  DlmsCliMeter() {
    static int fixtures = 0;
    g_state_dir =
        ::testing::TempDir() + "dlms-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++fixtures);
  }
  ~DlmsCliMeter() override {
    std::error_code ec;
    std::filesystem::remove_all(g_state_dir, ec);
    g_state_dir.clear();
  }

  std::vector<std::string> connection(std::vector<std::string> more = {}) const {
    const bool hdlc = std::string(GetParam()) == "hdlc";
    std::vector<std::string> a{"--transport", GetParam(), "--port",
                               std::to_string(hdlc ? meter.hdlc_port() : meter.wrapper_port())};
    a.insert(a.end(), more.begin(), more.end());
    return a;
  }
  std::vector<std::string> reader(std::vector<std::string> command) const {
    std::vector<std::string> a = connection({"--client", "32", "--auth", "lls", "--password", "12345678"});
    a.insert(a.end(), command.begin(), command.end());
    return a;
  }
  std::vector<std::string> management(std::vector<std::string> command) const {
    std::vector<std::string> a =
        connection({"--client", "1", "--auth", "hls-gmac", "--security", "auth-enc", "--block-key",
                    "000102030405060708090A0B0C0D0E0F", "--auth-key", "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"});
    a.insert(a.end(), command.begin(), command.end());
    return a;
  }
  std::vector<std::string> with(std::vector<std::string> command) const {
    std::vector<std::string> a = connection();
    a.insert(a.end(), command.begin(), command.end());
    return a;
  }

  test::TestMeter meter;
};

TEST_P(DlmsCliMeter, InfoShowsTheNegotiatedContext) {
  const CliRun r = run_cli(with({"info"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("associated: yes\napplication_context: logical-name\nmechanism: none\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("server_max_receive_pdu_size: 4096\n"), std::string::npos) << r.out;
  const CliRun j = run_cli(with({"--format", "json", "associate"}));
  ASSERT_EQ(j.rc, kExitOk) << j.err;
  EXPECT_EQ(
      j.out.rfind("{\"associated\":true,\"application_context\":\"logical-name\",\"mechanism\":\"none\"", 0),
      0U)
      << j.out;
}

TEST_P(DlmsCliMeter, GetPrintsTheValueInEachFormat) {
  CliRun r = run_cli(with({"get", "3/1.0.1.8.0.255/2"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out, "<UInt32 Value=\"000004D2\" />\n");
  r = run_cli(with({"--format", "csv", "get", "3/1.0.1.8.0.255/2"}));
  EXPECT_EQ(r.out, "1234\n");
  r = run_cli(with({"--format", "json", "get", "3/1.0.1.8.0.255/3"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Structure"), std::string::npos) << r.out;
  r = run_cli(with({"--stats", "get", "8/0.0.1.0.0.255/2"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.err.rfind("dlms: stats requests=3 bytes_sent=", 0), 0U) << r.err;
  EXPECT_EQ(std::string(GetParam()) == "hdlc", r.err.find(" frames=") != std::string::npos) << r.err;
}

TEST_P(DlmsCliMeter, RefusalsExitOne) {
  // The public client may not read the device name, nor write anything.
  CliRun r = run_cli(with({"get", "1/0.0.42.0.0.255/2"}));
  EXPECT_EQ(r.rc, kExitRefused);
  EXPECT_EQ(r.err, "dlms: get 1/0.0.42.0.0.255/2: dlms: data-access-result object-undefined (4)\n") << r.err;
  r = run_cli(with({"set", "3/1.0.1.8.0.255/2", "5"}));
  EXPECT_EQ(r.rc, kExitRefused);
  r = run_cli(connection({"--client", "32", "--auth", "lls", "--password", "wrong", "info"}));
  EXPECT_EQ(r.rc, kExitRefused);
  EXPECT_EQ(r.err.rfind("dlms: associate: dlms: association rejected", 0), 0U) << r.err;
}

TEST_P(DlmsCliMeter, ReaderSetsAndActs) {
  CliRun r = run_cli(reader({"set", "1/0.0.42.0.0.255/2", "--hex", "09 03 41 42 43"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  r = run_cli(reader({"get", "1/0.0.42.0.0.255/2"}));
  EXPECT_EQ(r.out, "<OctetString Value=\"414243\" />\n");
  r = run_cli(reader({"set", "3/1.0.1.8.0.255/2", "--xml", "<UInt32 Value=\"00000007\" />"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  r = run_cli(reader({"--format", "csv", "get", "3/1.0.1.8.0.255/2"}));
  EXPECT_EQ(r.out, "7\n");
  r = run_cli(reader({"action", "3/1.0.1.8.0.255/1"}));  // reset (integer 0 by default)
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  r = run_cli(reader({"--format", "csv", "get", "3/1.0.1.8.0.255/2"}));
  EXPECT_EQ(r.out, "0\n");
}

TEST_P(DlmsCliMeter, ObjectsListsClassesAndAccess) {
  CliRun r = run_cli(reader({"--format", "csv", "objects"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out.rfind("class_id,version,logical_name,class_name,attributes,methods\n", 0), 0U) << r.out;
  EXPECT_NE(r.out.find("\n3,0,1.0.1.8.0.255,Register,1:r 2:rw 3:r,1:x\n"), std::string::npos) << r.out;
  r = run_cli(with({"objects"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3) << r.out;
}

TEST_P(DlmsCliMeter, ProfileByRangeAsCsv) {
  const CliRun r = run_cli(
      reader({"--format", "csv", "profile", "--from", "2026-11-24T23:00:00", "--to", "2026-11-24 23:30"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  std::string header = "8/0.0.1.0.0.255/2,3/1.0.1.8.0.255/2 [Wh]";
  for (int c = 2; c < 16; ++c) {
    header += ",1/0.0.96.1." + std::to_string(c) + ".255/2";
  }
  const std::uint64_t first = test::kRows - 4;  // 23:00 is the fourth row before midnight
  std::string expected = header + "\n";
  for (std::uint64_t seq = first; seq < first + 3; ++seq) {
    const int minutes = static_cast<int>((seq - first) * 15);
    expected += "2026-11-24T23:" + std::string(minutes == 0 ? "00" : std::to_string(minutes)) + ":00";
    for (std::uint64_t c = 1; c < 16; ++c) {
      expected += "," + std::to_string(seq * c);
    }
    expected += "\n";
  }
  EXPECT_EQ(r.out, expected);
}

TEST_P(DlmsCliMeter, ReadAllAndClock) {
  CliRun r = run_cli(reader({"read-all"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("3/1.0.1.8.0.255/2 value: 1234\n"), std::string::npos) << r.out.substr(0, 2000);
  r = run_cli(with({"clock"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out.substr(0, 19), "2026-11-25T00:00:00") << r.out;
  r = run_cli(management({"--format", "json", "clock", "--sync"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(meter.clock_source.now_ms(), (test::kNowUtcS + 3600) * 1000);
}

TEST_P(DlmsCliMeter, HlsGmacWithAuthenticatedEncryption) {
  CliRun r = run_cli(management({"info"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("application_context: logical-name-with-ciphering\nmechanism: hls-gmac\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("server_system_title: 4D4D4D0000000001\n"), std::string::npos) << r.out;
  r = run_cli(management({"--format", "csv", "get", "3/1.0.1.8.0.255/2"}));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out, "1234\n");
  // Wrong authentication key: HLS pass 4 fails.
  std::vector<std::string> wrong = management({"info"});
  wrong[std::find(wrong.begin(), wrong.end(), "--auth-key") - wrong.begin() + 1] =
      "D0D1D2D3D4D5D6D7D8D9DADBDCDDDE00";
  r = run_cli(wrong);
  EXPECT_NE(r.rc, kExitOk);
}

TEST_P(DlmsCliMeter, TheWholeProfileIsQuickAndSmall) {
  timespec t0{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
  const CliRun r = run_cli(reader({"--format", "csv", "--stats", "profile"}));
  timespec t1{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), test::kRows + 1);
  const double cpu =
      static_cast<double>(t1.tv_sec - t0.tv_sec) + static_cast<double>(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  std::cout << "profile of " << test::kRows << " rows: client thread CPU " << cpu << " s; " << r.err;
}

// The profile is printed row by row as its GET blocks arrive (4096-octet PDUs: most blocks
// cut a row in two): every row complete and in order, in each format, as get --format csv
// prints it too; the management client's ciphered blocks the same.
TEST_P(DlmsCliMeter, TheWholeProfileStreamsEveryRowInEachFormat) {
  const CliRun csv = run_cli(reader({"--format", "csv", "profile"}));
  ASSERT_EQ(csv.rc, kExitOk) << csv.err;
  std::istringstream lines(csv.out);
  std::string line;
  std::getline(lines, line);  // the header
  std::uint64_t seq = 0;
  while (std::getline(lines, line)) {
    std::string expected;
    for (std::uint64_t c = 1; c < 16; ++c) {
      expected += "," + std::to_string(seq * c);
    }
    ASSERT_EQ(line.substr(19), expected) << seq;  // after the date-time
    ++seq;
  }
  EXPECT_EQ(seq, test::kRows);

  const CliRun text = run_cli(reader({"--format", "text", "profile"}));
  ASSERT_EQ(text.rc, kExitOk) << text.err;
  std::string tabs = csv.out;
  std::replace(tabs.begin(), tabs.end(), ',', '\t');
  EXPECT_TRUE(text.out == tabs);

  const CliRun json = run_cli(reader({"--format", "json", "profile"}));
  ASSERT_EQ(json.rc, kExitOk) << json.err;
  EXPECT_EQ(std::count(json.out.begin(), json.out.end(), '\n'), test::kRows + 2);
  EXPECT_EQ(json.out.substr(json.out.size() - 4), "\n]}\n");

  const CliRun get = run_cli(reader({"--format", "csv", "get", "7/1.0.99.1.0.255/2"}));
  ASSERT_EQ(get.rc, kExitOk) << get.err;
  EXPECT_EQ(get.out.substr(get.out.find('\n')), csv.out.substr(csv.out.find('\n')));

  const CliRun ciphered = run_cli(management({"--format", "csv", "profile"}));
  ASSERT_EQ(ciphered.rc, kExitOk) << ciphered.err;
  EXPECT_TRUE(ciphered.out == csv.out);
}

INSTANTIATE_TEST_SUITE_P(Transports, DlmsCliMeter, ::testing::Values("wrapper", "hdlc"));

}  // namespace
}  // namespace dlms::cli
