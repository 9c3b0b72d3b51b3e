// Download speed over a sliding window, and the time left at that speed.
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QPair>

namespace glm::app {

class TransferRate {
public:
    explicit TransferRate(qint64 windowMs = 5000) : windowMs_(windowMs) {}
    void reset();
    // Record that the running total of transferred bytes is now `total` (monotonic per reset).
    void sample(qint64 total);
    double bytesPerSecond() const;
    // Seconds to transfer `remaining` bytes at the current speed; -1 when unknown.
    qint64 etaSeconds(qint64 remaining) const;

private:
    qint64 windowMs_;
    QElapsedTimer clock_;
    QList<QPair<qint64, qint64>> samples_; // (ms since reset, total bytes)
};

} // namespace glm::app
