// The last lines the app logged, kept in memory for the About box's "Copy diagnostics": what a
// user can paste into a bug report without finding a terminal or a log file.
//
// A LogRing installs itself as Qt's message handler and hands every message on to the handler
// that was there before (so stderr still gets them). It keeps at most `capacity` lines of at
// most kMaxLineLength characters each, so a chatty or hostile message cannot make it grow.
// Messages come from every thread; the ring is safe to use from any of them. Rings nest: the
// newest one records, and destroying it (in reverse order of creation) gives the handler back.
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace glm::app {

class LogRing {
public:
    static constexpr qsizetype kDefaultCapacity = 200;
    static constexpr qsizetype kMaxLineLength = 2000;

    explicit LogRing(qsizetype capacity = kDefaultCapacity);
    ~LogRing();
    LogRing(const LogRing&) = delete;
    LogRing& operator=(const LogRing&) = delete;

    // The kept lines, oldest first: "2026-01-31 12:00:00.123 warning glm.downloads: ...".
    QStringList lines() const;
    qsizetype capacity() const { return capacity_; }

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message);
    void record(QtMsgType type, const char* category, const QString& message);

    const qsizetype capacity_;
    QStringList lines_;         // guarded by the handler's mutex (log_ring.cpp)
    qsizetype next_ = 0;        // where the next line goes once lines_ is full
    QtMessageHandler previous_; // the handler before the first ring
    LogRing* outer_;            // the ring this one shadows, if any
};

} // namespace glm::app
