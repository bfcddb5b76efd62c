#include "meter_model/energy_integrator.hpp"

#include <algorithm>
#include <cmath>

namespace dlms::meter {

namespace {

struct Quad {  // c0 + c1 x + c2 x^2, x in seconds from the start of a sub-interval
  double c0 = 0, c1 = 0, c2 = 0;
  double at(double x) const { return c0 + x * (c1 + x * c2); }
  double integral(double x0, double x1) const {
    auto f = [&](double x) { return x * (c0 + x * (c1 / 2 + x * c2 / 3)); };
    return f(x1) - f(x0);
  }
  void add_scaled(const Quad& q, double s) {
    c0 += s * q.c0;
    c1 += s * q.c1;
    c2 += s * q.c2;
  }
};

// Roots of q strictly inside (0, len), appended to `out`.
void roots_in(const Quad& q, double len, std::array<double, 8>& out, int& n) {
  const double eps = 1e-9 * std::max(1.0, len);
  auto push = [&](double r) {
    if (r > eps && r < len - eps && n < 8) out[n++] = r;
  };
  const double scale = std::abs(q.c0) + std::abs(q.c1) * len + std::abs(q.c2) * len * len;
  if (scale == 0) return;
  if (std::abs(q.c2) * len * len <= 1e-12 * scale) {
    if (std::abs(q.c1) * len > 1e-12 * scale) push(-q.c0 / q.c1);
    return;
  }
  const double disc = q.c1 * q.c1 - 4 * q.c2 * q.c0;
  if (disc < 0) return;
  const double sq = std::sqrt(disc);
  const double t = -0.5 * (q.c1 + (q.c1 >= 0 ? sq : -sq));
  if (t != 0) {
    push(t / q.c2);
    push(q.c0 / t);
  } else {
    push(0.0);
  }
}

int quadrant(double p, double q) {  // 4..7 = kReactiveQ1..Q4
  if (q >= 0) return p >= 0 ? kReactiveQ1 : kReactiveQ2;
  return p >= 0 ? kReactiveQ4 : kReactiveQ3;
}

void add_reactive(std::array<double, kEnergyQuantities>& e, double p_sign_value, double q_energy) {
  const int quad = quadrant(p_sign_value, q_energy);
  e[quad] += std::abs(q_energy);
}

}  // namespace

void integrate_energy(const InputPiece& piece, TimeMs a, TimeMs b, const IntegrationParams& params,
                      EnergyDelta& out) {
  if (b <= a || !params.load_connected) return;
  const double len = static_cast<double>(b - a) / 1000.0;
  double va[kPhases], ia[kPhases], dv[kPhases], di[kPhases];
  for (int k = 0; k < kPhases; ++k) {
    va[k] = piece.voltage(k, a);
    ia[k] = piece.current(k, a);
    dv[k] = piece.dv[k];
    di[k] = piece.di[k];
  }
  // Split points: starting-current crossings.
  std::array<double, 16> cuts{};
  int ncuts = 0;
  cuts[ncuts++] = 0;
  for (int k = 0; k < kPhases; ++k) {
    if (di[k] == 0) continue;
    for (double thr : {params.start_current_active_a, params.start_current_reactive_a}) {
      const double x = (thr - ia[k]) / di[k];
      if (x > 0 && x < len) cuts[ncuts++] = x;
    }
  }
  cuts[ncuts++] = len;
  std::sort(cuts.begin(), cuts.begin() + ncuts);

  for (int c = 0; c + 1 < ncuts; ++c) {
    const double u0 = cuts[c], u1 = cuts[c + 1];
    const double L = u1 - u0;
    if (L <= 0) continue;
    Quad ptot, qtot;
    for (int k = 0; k < kPhases; ++k) {
      const double v0 = va[k] + dv[k] * u0, i0 = ia[k] + di[k] * u0;
      const double imid = i0 + di[k] * L / 2;
      const Quad p{v0 * i0, v0 * di[k] + i0 * dv[k], dv[k] * di[k]};
      const double e = p.integral(0, L);  // >= 0: V and I are magnitudes
      auto& ph = out.j[1 + k];
      const double cp = piece.cos_phi[k], sp = piece.sin_phi[k];
      if (imid >= params.start_current_active_a) {
        (cp >= 0 ? ph[kActiveImport] : ph[kActiveExport]) += std::abs(cp) * e;
        ptot.add_scaled(p, cp);
      }
      if (imid >= params.start_current_reactive_a) {
        add_reactive(ph, cp, sp * e);
        qtot.add_scaled(p, sp);
      }
    }
    // Total: split at sign changes of P and Q.
    std::array<double, 8> r{};
    int nr = 0;
    roots_in(ptot, L, r, nr);
    roots_in(qtot, L, r, nr);
    std::array<double, 10> xs{};
    int nx = 0;
    xs[nx++] = 0;
    std::sort(r.begin(), r.begin() + nr);
    for (int i = 0; i < nr; ++i) xs[nx++] = r[i];
    xs[nx++] = L;
    auto& tot = out.j[0];
    for (int i = 0; i + 1 < nx; ++i) {
      const double x0 = xs[i], x1 = xs[i + 1];
      if (x1 <= x0) continue;
      const double mid = (x0 + x1) / 2;
      const double ep = ptot.integral(x0, x1);
      const double eq = qtot.integral(x0, x1);
      const double pm = ptot.at(mid);
      (pm >= 0 ? tot[kActiveImport] : tot[kActiveExport]) += std::abs(ep);
      if (qtot.c0 != 0 || qtot.c1 != 0 || qtot.c2 != 0)
        add_reactive(tot, pm, qtot.at(mid) >= 0 ? std::abs(eq) : -std::abs(eq));
    }
  }
}

void EnergyAccumulator::add_joules(double j) {
  const double x = j * 1000.0 + residual;
  const double n = std::floor(x);
  mj += static_cast<std::int64_t>(n);
  residual = x - n;
}

}  // namespace dlms::meter
