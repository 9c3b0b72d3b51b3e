#include "downloads/transfer_rate.h"

#include <cmath>

namespace glm::app {

void TransferRate::reset() {
    samples_.clear();
    clock_.invalidate();
}

void TransferRate::sample(qint64 total) {
    if (!clock_.isValid()) clock_.start();
    const qint64 now = clock_.elapsed();
    samples_.append({now, total});
    while (samples_.size() > 2 && now - samples_.at(1).first >= windowMs_) samples_.removeFirst();
}

double TransferRate::bytesPerSecond() const {
    if (samples_.size() < 2) return 0.0;
    const auto& a = samples_.first();
    const auto& b = samples_.last();
    const qint64 ms = b.first - a.first;
    if (ms < 200) return 0.0; // too short a window to mean anything
    return double(b.second - a.second) * 1000.0 / double(ms);
}

qint64 TransferRate::etaSeconds(qint64 remaining) const {
    const double speed = bytesPerSecond();
    if (remaining <= 0) return 0;
    if (speed < 1.0) return -1;
    return qint64(std::ceil(double(remaining) / speed));
}

} // namespace glm::app
