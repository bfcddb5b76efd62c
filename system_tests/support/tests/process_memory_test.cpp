// read_process_memory / parse_proc_status: VmRSS and VmHWM of /proc/<pid>/status (proc(5)).
#include "system_tests/support/process_memory.hpp"

#include <unistd.h>

#include <vector>

#include <gtest/gtest.h>

namespace dlms::system_test {
namespace {

TEST(ProcessMemory, ParsesTheKibFieldsOfAStatusFile) {
  const char* status =
      "Name:\tsm307-meter\nVmPeak:\t  100000 kB\nVmHWM:\t    5120 kB\nVmRSS:\t    4096 kB\n"
      "RssAnon:\t    1536 kB\nRssFile:\t    2560 kB\nThreads:\t2\n";
  auto m = parse_proc_status(status);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rss_kib, 4096U);
  EXPECT_EQ(m->hwm_kib, 5120U);
  EXPECT_EQ(m->anon_kib, 1536U);
  // Without RssAnon (kernels before 4.5) the anonymous part reads 0.
  auto old = parse_proc_status("VmHWM:\t 8 kB\nVmRSS:\t 7 kB\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->anon_kib, 0U);
}

TEST(ProcessMemory, MissingFieldsGiveNothing) {
  EXPECT_FALSE(parse_proc_status("Name:\tzombie\nState:\tZ (zombie)\n"));
  EXPECT_FALSE(parse_proc_status("VmRSS:\t 12 kB\n"));
  EXPECT_FALSE(parse_proc_status("VmRSSX:\t 12 kB\nVmHWM: 3 kB\n"));
}

TEST(ProcessMemory, OwnProcessGrowsWhenItTouchesMemory) {
  auto before = read_process_memory(::getpid());
  ASSERT_TRUE(before);
  EXPECT_GT(before->rss_kib, 0U);
  EXPECT_GE(before->hwm_kib, before->rss_kib);
  std::vector<char> block(32U << 20U, 1);  // 32 MiB, touched
  auto after = read_process_memory(::getpid());
  ASSERT_TRUE(after);
  EXPECT_GE(after->hwm_kib, before->rss_kib + 16U * 1024U) << static_cast<int>(block[block.size() / 2]);
}

TEST(ProcessMemory, NoSuchProcess) { EXPECT_FALSE(read_process_memory(0x7FFFFFF0)); }

}  // namespace
}  // namespace dlms::system_test
