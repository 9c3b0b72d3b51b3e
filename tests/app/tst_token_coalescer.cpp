// TokenCoalescer: at most ~30 sends a second however fast pieces come, nothing lost or
// reordered, the first piece and slow pieces sent at once.
#include "inference/token_coalescer.h"

#include <QtTest>

using glm::app::TokenCoalescer;
using namespace std::chrono_literals;

class TestTokenCoalescer : public QObject {
    Q_OBJECT
    std::chrono::steady_clock::time_point now_{};
    TokenCoalescer::Clock clock() {
        return [this] { return now_; };
    }

private slots:
    void fastTokensAreBatched() {
        QStringList sent;
        TokenCoalescer c([&](const QString& t) { sent << t; }, 33ms, clock());
        QString all;
        for (int i = 0; i < 1000; ++i) { // 1000 tokens a second for one second
            const QString piece = QString::number(i % 10);
            all += piece;
            c.push(piece);
            now_ += 1ms;
        }
        c.flush();
        QCOMPARE(sent.join(QString()), all);
        QVERIFY2(sent.size() <= 32, qPrintable(QString::number(sent.size())));
        QVERIFY(sent.size() >= 29);
        QCOMPARE(sent.first(), QStringLiteral("0")); // the first token at once
    }

    void slowTokensGoOutAtOnce() {
        QStringList sent;
        TokenCoalescer c([&](const QString& t) { sent << t; }, 33ms, clock());
        for (int i = 0; i < 5; ++i) {
            c.push(QStringLiteral("t%1").arg(i));
            QCOMPARE(sent.size(), i + 1);
            now_ += 50ms;
        }
        c.flush();
        QCOMPARE(sent.size(), 5);
    }

    void emptyPiecesAndResets() {
        QStringList sent;
        TokenCoalescer c([&](const QString& t) { sent << t; }, 33ms, clock());
        c.push(QString());
        c.flush();
        QVERIFY(sent.isEmpty());
        c.push(QStringLiteral("a"));
        c.push(QStringLiteral("b")); // held: no time passed
        c.reset();
        c.flush();
        QCOMPARE(sent, QStringList{QStringLiteral("a")});
        c.push(QStringLiteral("c")); // after a reset the next piece is first again
        QCOMPARE(sent.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestTokenCoalescer)
#include "tst_token_coalescer.moc"
