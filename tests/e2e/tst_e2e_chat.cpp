// End to end: the real glm-chat binary under Xvfb (a real X server, the xcb platform and the
// OpenGL scene graph, as on a desktop) with a tiny generated model and a fresh --data-dir. It
// sends one message (--send), waits for the reply, saves a screenshot into the build tree
// (test-artifacts/), quits, and the test then reads what was stored in the SQLite history and
// the settings.
#include "golden_models.h"
#include "library/model_preferences.h"

#include <QImage>
#include <QProcess>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestEndToEndChat : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void sendAMessageAndFindItStored() {
        const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
        if (xvfbRun.isEmpty())
            QSKIP("xvfb-run is not installed (Debian: apt-get install xvfb xauth); the "
                  "end-to-end test needs an X server");
        const QString model = dir_.filePath(QStringLiteral("tiny-chatglm3.gguf"));
        glm::test::write_chat_test_model("glm3", model.toStdString());
        const QString data = dir_.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(data));
        {
            // A short reply keeps the test quick (a per-model setting, as the settings write it).
            QSettings settings(data + QStringLiteral("/settings.ini"), QSettings::IniFormat);
            settings.setValue(glm::app::ModelPreferences::settingsGroup(model) +
                                  QStringLiteral("/max_new_tokens"),
                              48);
        }
        // GLM_E2E_NAME names this run's screenshot (ctest runs the test twice at once: with the
        // Vulkan driver, and with it hidden so the app must chat on the CPU backend).
        const QString name = qEnvironmentVariable("GLM_E2E_NAME", QStringLiteral("e2e-chat"));
        const QString shot =
            QStringLiteral(GLM_TEST_ARTIFACTS_DIR "/") + name + QStringLiteral(".png");
        QDir().mkpath(QFileInfo(shot).absolutePath());
        QFile::remove(shot);
        const QString message = QStringLiteral("Hello from the end-to-end test! 你好！");

        QProcess chat;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // xcb on the Xvfb display
        chat.setProcessEnvironment(env);
        chat.setProcessChannelMode(QProcess::MergedChannels);
        chat.start(xvfbRun, {QStringLiteral("-a"), QStringLiteral("-s"),
                             QStringLiteral("-screen 0 1280x800x24"), QStringLiteral(GLM_CHAT_PATH),
                             model, QStringLiteral("--data-dir"), data, QStringLiteral("--send"),
                             message, QStringLiteral("--screenshot"), shot,
                             QStringLiteral("--quit-after"), QStringLiteral("120000")});
        QVERIFY2(chat.waitForFinished(180000), "glm-chat did not quit");
        const QByteArray output = chat.readAll();
        QVERIFY2(chat.exitStatus() == QProcess::NormalExit && chat.exitCode() == 0,
                 qPrintable(QStringLiteral("exit %1:\n%2")
                                .arg(chat.exitCode())
                                .arg(QString::fromUtf8(output))));
        QVERIFY2(!output.contains("qrc:/"), output.constData()); // no QML errors or warnings

        // The screenshot: a real window, not a blank one.
        QImage image(shot);
        QVERIFY2(!image.isNull(), qPrintable(shot));
        QVERIFY(image.width() >= 560 && image.height() >= 420);
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
        qInfo("screenshot: %s (%dx%d)", qPrintable(shot), image.width(), image.height());

        // What was stored: one conversation named after the message, the question and a
        // finished reply with its numbers.
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("e2e"));
            db.setDatabaseName(data + QStringLiteral("/chats.sqlite"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT id, title FROM conversations")));
            QVERIFY(q.next());
            const qint64 conversation = q.value(0).toLongLong();
            QCOMPARE(q.value(1).toString(), message);
            QVERIFY(!q.next());
            QVERIFY(q.exec(
                QStringLiteral("SELECT role, content, state, completion_tokens FROM messages "
                               "WHERE conversation_id = %1 ORDER BY id")
                    .arg(conversation)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("user"));
            QCOMPARE(q.value(1).toString(), message);
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("assistant"));
            QVERIFY(!q.value(1).toString().isEmpty());
            const QString state = q.value(2).toString();
            QVERIFY2(state == QStringLiteral("complete") || state == QStringLiteral("interrupted"),
                     qPrintable(state)); // the tiny model usually runs to the 48-token limit
            QVERIFY(q.value(3).toInt() > 0 && q.value(3).toInt() <= 48);
            QVERIFY(!q.next());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("e2e"));

        // The model is remembered for the next start, and the window's place too.
        QSettings settings(data + QStringLiteral("/settings.ini"), QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("model/last")).toString(), model);
        QVERIFY(settings.value(QStringLiteral("window/geometry")).toRect().isValid());
        QVERIFY(!settings.contains(QStringLiteral("model/loading")));
    }

    // A second glm-chat on the same data folder hands its model to the running one and ends;
    // the running one loads it (and here, answers the message it was started with).
    void aSecondLaunchHandsOverToTheFirst() {
        const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
        if (xvfbRun.isEmpty())
            QSKIP("xvfb-run is not installed (Debian: apt-get install xvfb xauth); the "
                  "end-to-end test needs an X server");
        const QString model = dir_.filePath(QStringLiteral("handed-over.gguf"));
        glm::test::write_chat_test_model("glm3", model.toStdString());
        const QString data = dir_.filePath(QStringLiteral("shared-data"));
        QVERIFY(QDir().mkpath(data));
        {
            QSettings settings(data + QStringLiteral("/settings.ini"), QSettings::IniFormat);
            settings.setValue(glm::app::ModelPreferences::settingsGroup(model) +
                                  QStringLiteral("/max_new_tokens"),
                              8);
        }
        // Each on its own Xvfb display, as two launches on a desktop (the offscreen platform's
        // software scene graph would add Qt's style-image cache to the leak checks).
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        const QStringList onDisplay{QStringLiteral("-a"), QStringLiteral("-s"),
                                    QStringLiteral("-screen 0 1280x800x24"),
                                    QStringLiteral(GLM_CHAT_PATH)};
        QProcess first;
        first.setProcessEnvironment(env);
        first.setProcessChannelMode(QProcess::MergedChannels);
        first.start(xvfbRun, onDisplay + QStringList{QStringLiteral("--data-dir"), data,
                                                     QStringLiteral("--send"), QStringLiteral("hi"),
                                                     QStringLiteral("--quit-after"),
                                                     QStringLiteral("120000")});
        QVERIFY(first.waitForStarted(10000));
        // The first holds the folder once its lock file is there.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(data + QStringLiteral("/glm-chat.lock")), 60000);
        QProcess second;
        second.setProcessEnvironment(env);
        second.setProcessChannelMode(QProcess::MergedChannels);
        second.start(xvfbRun, onDisplay + QStringList{model, QStringLiteral("--data-dir"), data});
        QVERIFY2(second.waitForFinished(60000), "the second launch did not end");
        QVERIFY2(second.exitCode() == 0, second.readAll().constData());
        QVERIFY2(first.waitForFinished(120000), "the first launch did not answer and quit");
        const QByteArray output = first.readAll();
        QVERIFY2(first.exitStatus() == QProcess::NormalExit && first.exitCode() == 0,
                 output.constData());
        QSettings settings(data + QStringLiteral("/settings.ini"), QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("model/last")).toString(), model);
    }
};

QTEST_GUILESS_MAIN(TestEndToEndChat)
#include "tst_e2e_chat.moc"
