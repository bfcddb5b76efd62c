#pragma once
// Exact integration of active and reactive (fundamental) energy over a piece of the scenario.
// Per phase, p(t) = V(t) I(t) is a quadratic (V and I linear on a piece), P = p cos(phi),
// Q = p sin(phi). The integral is taken in closed form; the interval is split where a phase
// current crosses the starting current (IEC 62053-22/-24: 0.1 % Ib active, 0.4 % Ib reactive,
// Ib = 1 A, so 1 mA and 4 mA) and where the total P or Q changes sign (the total's direction
// decides import/export and quadrant, the per-phase registers use each phase's own direction).
#include <array>
#include <cstdint>

#include "meter_model/scenario.hpp"

namespace dlms::meter {

// Energy quantities, in this order, for each scope (total, L1, L2, L3).
enum EnergyQuantity : int {
  kActiveImport = 0,  // +A   (OBIS C = 1)
  kActiveExport,      // -A   (2)
  kReactiveImport,    // +R = QI + QII   (3)
  kReactiveExport,    // -R = QIII + QIV (4)
  kReactiveQ1,        // (5)
  kReactiveQ2,        // (6)
  kReactiveQ3,        // (7)
  kReactiveQ4,        // (8)
  kActiveAbsolute,    // |+A| + |-A|  (15)
  kReactiveAbsolute,  // |+R| + |-R|  (manufacturer specific C = 128)
  kEnergyQuantities
};
inline constexpr int kScopes = 4;  // 0 total, 1..3 phases L1..L3

// Joules (W s / var s) per scope and quantity.
struct EnergyDelta {
  std::array<std::array<double, kEnergyQuantities>, kScopes> j{};
  void clear() { j = {}; }
};

struct IntegrationParams {
  double start_current_active_a = 0.001;    // 0.1 % of Ib = 1 A
  double start_current_reactive_a = 0.004;  // 0.4 % of Ib
  bool load_connected = true;               // false: the disconnector is open, no current flows
};

// Adds to `out` the energy of `piece` over [a, b] (ms, inside the piece).
void integrate_energy(const InputPiece& piece, TimeMs a, TimeMs b, const IntegrationParams& params,
                      EnergyDelta& out);

// A drift-free energy accumulator: an integer count of millijoules plus the sub-unit remainder
// of the additions so far (carried, never lost), so a year of small additions sums exactly.
struct EnergyAccumulator {
  std::int64_t mj = 0;
  double residual = 0;  // in mJ, [0, 1)
  void add_joules(double j);
  double wh() const { return static_cast<double>(mj) / 3.6e6; }
};
inline constexpr std::int64_t kMjPerWh = 3'600'000;

}  // namespace dlms::meter
