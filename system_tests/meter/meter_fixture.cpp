#include "system_tests/meter/meter_fixture.hpp"

#include <stdexcept>

#include "system_tests/support/data_json.hpp"

namespace dlms::system_test {

void MeterFixture::start_meter(MeterOptions options) {
  dlms_.reset();
  meter_.reset();
  options.program = kMeterPath;
  if (options.data_dir.empty()) options.data_dir = dir_ / "data";
  meter_ = std::make_unique<MeterProcess>(std::move(options));
  dlms_ = std::make_unique<DlmsCommand>(kDlmsPath, *meter_, (dir_ / "dlms-state").string());
}

void MeterFixture::stop_meter() {
  ASSERT_TRUE(meter_);
  const ExitStatus s = meter_->stop();
  EXPECT_TRUE(s.success()) << s.describe() << "\n" << meter_->output();
  const auto lines = meter_->process().stdout_lines();
  EXPECT_FALSE(lines.empty() || lines.back() != "sm307-meter: stopped")
      << "the last stdout line should be `sm307-meter: stopped`\n"
      << meter_->output();
}

ProcessResult MeterFixture::run(Transport t, Association a, const std::vector<std::string>& args) const {
  return dlms_->run(t, a, args, std::chrono::seconds(25));
}

ProcessResult MeterFixture::run_ok(Transport t, Association a, const std::vector<std::string>& args) const {
  ProcessResult r = run(t, a, args);
  if (!r.status.success()) {
    throw std::runtime_error(std::string("dlms over ") + std::string(to_string(t)) + " as " +
                             std::string(to_string(a)) + " failed: " + r.describe());
  }
  return r;
}

codec::Data MeterFixture::get(Transport t, Association a, const std::string& attribute) const {
  const ProcessResult r = run_ok(t, a, {"--format", "json", "get", attribute});
  return decode_data_json(r.out);
}

std::uint64_t MeterFixture::get_unsigned(Transport t, Association a, const std::string& attribute) const {
  const codec::Data d = get(t, a, attribute);
  switch (d.type()) {
    case codec::DataType::unsigned_:
    case codec::DataType::long_unsigned:
    case codec::DataType::double_long_unsigned:
    case codec::DataType::long64_unsigned:
    case codec::DataType::enum_: return d.as_uint64();
    default: break;
  }
  throw std::runtime_error(attribute + " is not an unsigned number: type " +
                           std::to_string(static_cast<int>(d.type())));
}

std::string transport_name(const ::testing::TestParamInfo<Transport>& info) {
  return std::string(to_string(info.param));
}

}  // namespace dlms::system_test
