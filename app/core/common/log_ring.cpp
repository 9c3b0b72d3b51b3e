#include "common/log_ring.h"

#include <QDateTime>
#include <QMutex>
#include <QMutexLocker>
#include <cstdio>

namespace glm::app {

namespace {

// One mutex for the installed ring and every ring's lines: a message may arrive from any thread
// while a ring is being created or destroyed.
QMutex& ringMutex() {
    static QMutex mutex;
    return mutex;
}
LogRing* g_current = nullptr;

const char* typeName(QtMsgType type) {
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "log";
}

} // namespace

LogRing::LogRing(qsizetype capacity) : capacity_(qMax<qsizetype>(1, capacity)) {
    QMutexLocker lock(&ringMutex());
    outer_ = g_current;
    const QtMessageHandler before = qInstallMessageHandler(&LogRing::handle);
    previous_ = outer_ ? outer_->previous_ : before;
    g_current = this;
}

LogRing::~LogRing() {
    QMutexLocker lock(&ringMutex());
    if (g_current != this) { // destroyed out of order: unlink it from the rings it shadowed
        for (LogRing* ring = g_current; ring; ring = ring->outer_)
            if (ring->outer_ == this) ring->outer_ = outer_;
        return;
    }
    g_current = outer_;
    if (!outer_) qInstallMessageHandler(previous_);
}

QStringList LogRing::lines() const {
    QMutexLocker lock(&ringMutex());
    if (lines_.size() < capacity_) return lines_;
    return lines_.mid(next_) + lines_.mid(0, next_);
}

void LogRing::record(QtMsgType type, const char* category, const QString& message) {
    QString line = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    line += QLatin1Char(' ') + QLatin1String(typeName(type));
    if (category && *category) line += QLatin1Char(' ') + QLatin1String(category);
    line += QStringLiteral(": ") + message.left(kMaxLineLength);
    if (lines_.size() < capacity_) {
        lines_.append(line);
        return;
    }
    lines_[next_] = line;
    next_ = (next_ + 1) % capacity_;
}

void LogRing::handle(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    QtMessageHandler previous = nullptr;
    {
        QMutexLocker lock(&ringMutex());
        if (g_current) {
            g_current->record(type, context.category, message);
            previous = g_current->previous_;
        }
    }
    // Outside the lock: the previous handler may log in turn. (Qt itself ends the program after
    // a fatal message, whoever handled it.)
    if (previous)
        previous(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qUtf8Printable(qFormatLogMessage(type, context, message)));
}

} // namespace glm::app
