// One glm-chat per data folder: the second launch reaches the first (which comes forward and
// opens the second's model), other folders are independent, and the folder is free again when
// the first ends.
#include "common/single_instance.h"

#include <QFuture>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>

using glm::app::SingleInstance;

class TestSingleInstance : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void aSecondLaunchActivatesTheFirst() {
        SingleInstance first(dir_.path());
        QVERIFY(first.claim());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);
        SingleInstance second(dir_.path());
        QVERIFY(!second.claim());
        QCOMPARE(second.runningPid(), QCoreApplication::applicationPid());
        // The second launch blocks while it waits for the answer (as glm-chat's main() does);
        // the first answers from this thread's event loop.
        QFuture<bool> answered = QtConcurrent::run(
            [&] { return second.activateRunning(QStringLiteral("/models/模型 1.gguf"), 20000); });
        QVERIFY(activated.wait(20000));
        QCOMPARE(activated.first().at(0).toString(), QStringLiteral("/models/模型 1.gguf"));
        QTRY_VERIFY_WITH_TIMEOUT(answered.isFinished(), 20000);
        QVERIFY(answered.result());
    }

    void otherFoldersAreIndependent() {
        QTemporaryDir other;
        SingleInstance a(dir_.path());
        SingleInstance b(other.path());
        QVERIFY(a.claim());
        QVERIFY(b.claim());
        QVERIFY(SingleInstance::serverName(dir_.path()) !=
                SingleInstance::serverName(other.path()));
    }

    void theFolderIsFreeWhenTheFirstEnds() {
        {
            SingleInstance first(dir_.path());
            QVERIFY(first.claim());
        }
        SingleInstance next(dir_.path());
        QVERIFY(next.claim());
    }

    // Nobody listens (the first instance hangs, or crashed without its lock going): the second
    // launch is told so instead of waiting for ever.
    void noAnswerIsReported() {
        QTemporaryDir empty;
        SingleInstance lonely(empty.path());
        QVERIFY(!lonely.activateRunning(QString(), 500));
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_single_instance.moc"
