// The in-memory log the About box copies: bounded, chained to the handler before it, nested
// rings that give the handler back, and messages from other threads.
#include "common/log_ring.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QThread>
#include <QtTest>

using glm::app::LogRing;

namespace {

Q_LOGGING_CATEGORY(lcTest, "glm.test", QtInfoMsg)

QMutex g_passedOnMutex;
QStringList g_passedOn; // what reached the handler installed before the ring
void collectingHandler(QtMsgType, const QMessageLogContext&, const QString& message) {
    QMutexLocker lock(&g_passedOnMutex);
    g_passedOn << message;
}

} // namespace

class TestLogRing : public QObject {
    Q_OBJECT

private slots:
    void init() {
        g_passedOn.clear();
        previous_ = qInstallMessageHandler(collectingHandler);
    }
    void cleanup() { qInstallMessageHandler(previous_); }

    void keepsTheLastLinesOnly() {
        LogRing ring(5);
        for (int i = 0; i < 12; ++i) qCInfo(lcTest, "message %d", i);
        const QStringList lines = ring.lines();
        QCOMPARE(lines.size(), 5);
        QVERIFY2(lines.first().endsWith(QLatin1String("info glm.test: message 7")),
                 qPrintable(lines.first()));
        QVERIFY2(lines.last().endsWith(QLatin1String("info glm.test: message 11")),
                 qPrintable(lines.last()));
        // Every message still reached the handler that was there before.
        QCOMPARE(g_passedOn.size(), 12);
    }

    void cutsOverlongMessages() {
        LogRing ring(3);
        qCWarning(lcTest).noquote() << QString(100'000, QLatin1Char('x'));
        QCOMPARE(ring.lines().size(), 1);
        QVERIFY(ring.lines().first().size() < LogRing::kMaxLineLength + 100);
        QVERIFY(ring.lines().first().contains(QLatin1String("warning glm.test: xxx")));
    }

    void nestedRingsGiveTheHandlerBack() {
        {
            LogRing outer(10);
            qCInfo(lcTest, "to outer");
            {
                LogRing inner(10);
                qCInfo(lcTest, "to inner");
                QCOMPARE(inner.lines().size(), 1);
            }
            qCInfo(lcTest, "to outer again");
            QCOMPARE(outer.lines().size(), 2);
            QVERIFY(outer.lines().last().endsWith(QLatin1String("to outer again")));
        }
        // Both gone: the handler from before is installed again.
        qCInfo(lcTest, "after");
        QCOMPARE(g_passedOn.last(), QStringLiteral("after"));
        QCOMPARE(g_passedOn.size(), 4);
        QVERIFY(qInstallMessageHandler(collectingHandler) == &collectingHandler);
    }

    void recordsOtherThreads() {
        LogRing ring(100);
        QList<QThread*> threads;
        for (int t = 0; t < 4; ++t)
            threads << QThread::create([t] {
                for (int i = 0; i < 50; ++i) qCInfo(lcTest, "thread %d line %d", t, i);
            });
        for (QThread* thread : threads) thread->start();
        for (QThread* thread : threads) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }
        QCOMPARE(ring.lines().size(), 100);
        QCOMPARE(g_passedOn.size(), 200);
    }

private:
    QtMessageHandler previous_ = nullptr;
};

QTEST_GUILESS_MAIN(TestLogRing)
#include "tst_log_ring.moc"
