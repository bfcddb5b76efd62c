#pragma once
// Counts heap allocations made through global operator new, so benchmarks can report
// allocations per operation. Link bench/support/alloc_counter.cpp (every benchmark does).

#include <cstdint>

namespace dlms::bench {

// Allocations since the program started.
std::uint64_t allocation_count() noexcept;

// Allocations made while an instance is alive.
class AllocationScope {
 public:
  AllocationScope() noexcept : start_(allocation_count()) {}
  [[nodiscard]] std::uint64_t count() const noexcept { return allocation_count() - start_; }

 private:
  std::uint64_t start_;
};

}  // namespace dlms::bench
