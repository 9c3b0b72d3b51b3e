// Crash safety: a child process writes a conversation and a streaming reply through
// ConversationStore and is killed with SIGKILL in the middle of the reply. Reopening finds every
// message the store had confirmed, the partial reply marked interrupted and missing at most the
// last second of text, and a database that passes PRAGMA integrity_check.
#include "history_fixtures.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace glm::history;
using namespace glm::history::test;

namespace {

QString expectedReply(int characters) {
    QString text;
    for (int i = 0; text.size() < characters; ++i)
        text += QStringLiteral("w%1 ").arg(i, 6, 10, QLatin1Char('0'));
    return text.left(characters);
}

struct Run {
    QList<qint64> committed;
    qint64 streaming = 0;
    int reportedOneSecondBeforeKill = 0; // characters the writer had sent at kill time - 1 s
    int reportedAtKill = 0;
};

} // namespace

class TestStoreCrash : public QObject {
    Q_OBJECT

    // Starts the writer, lets it stream for streamMs, kills it with SIGKILL.
    Run runAndKill(const QString& dir, int streamMs) {
        Run run;
        QProcess writer;
        writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        writer.start(QStringLiteral(STORE_CRASH_WRITER), {dir, QStringLiteral("3")});
        if (!writer.waitForStarted(10000)) return run;
        QElapsedTimer clock;
        clock.start();
        QList<QPair<qint64, int>> progress; // (ms when read, characters)
        qint64 streamingSince = -1;
        QByteArray pending;
        auto readLines = [&](bool beforeKill) {
            pending += writer.readAllStandardOutput();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const QList<QByteArray> words = pending.left(newline).split(' ');
                pending.remove(0, newline + 1);
                if (words.value(0) == "committed")
                    run.committed.append(words.value(1).toLongLong());
                if (words.value(0) == "streaming") {
                    run.streaming = words.value(1).toLongLong();
                    streamingSince = clock.elapsed();
                }
                if (words.value(0) == "progress" && beforeKill)
                    progress.append({clock.elapsed(), words.value(1).toInt()});
                if (words.value(0) == "error")
                    qWarning("writer failed: %s", words.join(' ').constData());
            }
        };
        while (streamingSince < 0 || clock.elapsed() - streamingSince < streamMs) {
            if (writer.state() != QProcess::Running || clock.elapsed() > 60000) return run;
            writer.waitForReadyRead(20);
            readLines(true);
        }
        const qint64 killedAt = clock.elapsed();
        ::kill(pid_t(writer.processId()), SIGKILL);
        writer.waitForFinished(10000);
        readLines(false);
        for (const auto& [ms, characters] : progress) {
            if (ms <= killedAt - 1000) run.reportedOneSecondBeforeKill = characters;
            run.reportedAtKill = characters;
        }
        return run;
    }

private slots:
    void killedMidReplyLosesAtMostOneSecond() {
        QTemporaryDir dir;
        QList<qint64> allCommitted;
        QList<qint64> interrupted;
        // Three kills at different moments, each on the database the previous one left behind.
        for (int streamMs : {1500, 2300, 3100}) {
            const Run run = runAndKill(dir.path(), streamMs);
            QVERIFY2(run.streaming != 0, "the writer never started streaming");
            QCOMPARE(run.committed.size(), 7); // 3 questions + 3 answers + the final question
            allCommitted += run.committed;
            interrupted.append(run.streaming);
            QVERIFY(run.reportedOneSecondBeforeKill > 0);

            ConversationDatabase db(optionsFor(dir.path()));
            QVERIFY(db.isPersistent());
            QVERIFY2(db.notice().isEmpty(), qPrintable(db.notice())); // nothing damaged
            MessageTree tree(db.connection());
            for (qint64 id : allCommitted) {
                auto message = tree.get(id);
                QVERIFY2(message.ok(),
                         qPrintable(QStringLiteral("committed message %1 is missing").arg(id)));
                QCOMPARE(message.value.state, MessageState::Complete);
            }
            for (qint64 id : interrupted) {
                auto reply = tree.get(id);
                QVERIFY(reply.ok());
                QCOMPARE(reply.value.state, MessageState::Interrupted);
                QCOMPARE(reply.value.content,
                         expectedReply(int(reply.value.content.size()))); // an exact prefix
            }
            const int saved = int(tree.get(run.streaming).value.content.size());
            qInfo("streamed %d ms: %d characters sent, %d sent 1 s before the kill, %d saved",
                  streamMs, run.reportedAtKill, run.reportedOneSecondBeforeKill, saved);
            QVERIFY2(
                saved >= run.reportedOneSecondBeforeKill,
                qPrintable(QStringLiteral(
                               "saved %1 characters, but %2 had been sent a second before the kill")
                               .arg(saved)
                               .arg(run.reportedOneSecondBeforeKill)));
            // The conversation shows the interrupted reply as its current branch.
            auto thread = tree.thread(tree.get(run.streaming).value.conversationId);
            QCOMPARE(thread.value.messages.back().message.id, run.streaming);
        }
        RawConnection raw(dir.filePath(QStringLiteral("chats.sqlite")));
        QCOMPARE(raw.value(QStringLiteral("PRAGMA integrity_check")).toString(),
                 QStringLiteral("ok"));
        QCOMPARE(raw.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM conversations")).toInt(), 3);
    }
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_store_crash.moc"
