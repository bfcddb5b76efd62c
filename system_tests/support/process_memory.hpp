#pragma once
// ProcessMemory: resident set size now (VmRSS) and its peak (VmHWM, the "high water mark") of a
// process, and the anonymous part of the resident set (RssAnon: heap, stacks, private mappings;
// the rest is pages of the executable and libraries), from /proc/<pid>/status (Linux proc(5)).

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace dlms::system_test {

struct ProcessMemory {
  std::uint64_t rss_kib = 0;   // VmRSS
  std::uint64_t hwm_kib = 0;   // VmHWM
  std::uint64_t anon_kib = 0;  // RssAnon (0 on kernels before 4.5, which do not report it)
};

// nullopt when the process does not exist (or has no such lines, e.g. a zombie).
std::optional<ProcessMemory> read_process_memory(pid_t pid);
// The same from the text of a /proc/<pid>/status file.
std::optional<ProcessMemory> parse_proc_status(std::string_view status);

}  // namespace dlms::system_test
