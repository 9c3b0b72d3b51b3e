#pragma once
// Measures how late a 5 ms timer on the UI thread fires, to show that the UI thread never waits
// on disk, network or the GPU. What counts is the time the thread itself was busy or blocked:
// the time the OS kept it waiting for a core while it was ready to run is taken out of each
// gap, because on a 2-core CI machine running other tests (and lavapipe's own worker threads)
// the scheduler alone can delay any thread by tens of milliseconds.

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>
#include <optional>

namespace glm::test {

class UiLatenessProbe {
public:
    explicit UiLatenessProbe(QObject* context) {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(kIntervalNs / 1'000'000);
        QObject::connect(&timer_, &QTimer::timeout, context, [this] { tick(); });
    }

    void start() {
        clock_.start();
        timer_.start();
    }
    void stop() { timer_.stop(); }

    int ticks() const { return ticks_; }
    // The worst gap beyond the interval, without the time spent waiting for a core.
    double worstMs() const { return worst_ / 1e6; }
    // The same without that correction, for the log.
    double worstWallMs() const { return worstWall_ / 1e6; }

private:
    static constexpr qint64 kIntervalNs = 5'000'000;

    // Nanoseconds this thread has spent runnable but not running (second field of
    // /proc/thread-self/schedstat); empty where the kernel does not report it.
    static std::optional<qint64> runQueueWaitNs() {
        QFile file(QStringLiteral("/proc/thread-self/schedstat"));
        if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
        const QList<QByteArray> fields = file.readAll().simplified().split(' ');
        bool ok = false;
        const qint64 wait = fields.size() >= 2 ? fields[1].toLongLong(&ok) : 0;
        return ok ? std::optional<qint64>(wait) : std::nullopt;
    }

    void tick() {
        const qint64 now = clock_.nsecsElapsed();
        const std::optional<qint64> wait = runQueueWaitNs();
        if (ticks_++ > 0) {
            const qint64 late = now - last_ - kIntervalNs;
            const qint64 waited = wait && lastWait_ ? *wait - *lastWait_ : 0;
            worstWall_ = qMax(worstWall_, late);
            worst_ = qMax(worst_, late - waited);
        }
        last_ = now;
        lastWait_ = wait;
    }

    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0;
    std::optional<qint64> lastWait_;
    qint64 worst_ = 0;
    qint64 worstWall_ = 0;
    int ticks_ = 0;
};

} // namespace glm::test
