// glm-chat's command line.
#include "common/launch_options.h"

#include <QDir>
#include <QtTest>

using glm::app::LaunchOptions;

class TestLaunchOptions : public QObject {
    Q_OBJECT
    static LaunchOptions parse(QStringList args) {
        args.prepend(QStringLiteral("glm-chat"));
        return LaunchOptions::parse(args);
    }
private slots:
    void init() { qunsetenv(LaunchOptions::kAutoSendEnvironmentVariable); }

    void nothing() {
        const auto o = parse({});
        QVERIFY(o.error.isEmpty());
        QVERIFY(o.modelPath.isEmpty());
        QCOMPARE(o.quitAfterMs, -1);
        QVERIFY(!o.showHelp && !o.showVersion);
    }

    void everything() {
        const auto o = parse({QStringLiteral("models/m.gguf"), QStringLiteral("--data-dir"),
                              QStringLiteral("/tmp/d"), QStringLiteral("--quit-after=1500"),
                              QStringLiteral("--screenshot"), QStringLiteral("s.png"),
                              QStringLiteral("--send"), QStringLiteral("你好")});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.modelPath, QDir::current().absoluteFilePath(QStringLiteral("models/m.gguf")));
        QCOMPARE(o.dataDir, QStringLiteral("/tmp/d"));
        QCOMPARE(o.quitAfterMs, 1500);
        QCOMPARE(o.screenshotPath, QStringLiteral("s.png"));
        QCOMPARE(o.sendText, QStringLiteral("你好"));
    }

    void autoSendFromEnvironment() {
        qputenv(LaunchOptions::kAutoSendEnvironmentVariable, "hello");
        QCOMPARE(parse({}).sendText, QStringLiteral("hello"));
        QCOMPARE(parse({QStringLiteral("--send"), QStringLiteral("x")}).sendText,
                 QStringLiteral("x"));
    }

    void errors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::addRow("bad number")
            << QStringList{QStringLiteral("--quit-after"), QStringLiteral("soon")} << "soon";
        QTest::addRow("negative") << QStringList{QStringLiteral("--quit-after=-5")} << "-5";
        QTest::addRow("two models")
            << QStringList{QStringLiteral("a.gguf"), QStringLiteral("b.gguf")} << "2";
        QTest::addRow("unknown") << QStringList{QStringLiteral("--frobnicate")} << "frobnicate";
        QTest::addRow("missing value") << QStringList{QStringLiteral("--data-dir")} << "data-dir";
    }
    void errors() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const auto o = parse(args);
        QVERIFY(!o.error.isEmpty());
        QVERIFY2(o.error.contains(mentions), qPrintable(o.error));
    }

    void helpAndVersion() {
        QVERIFY(parse({QStringLiteral("--help")}).showHelp);
        QVERIFY(parse({QStringLiteral("-h")}).showHelp);
        QVERIFY(parse({QStringLiteral("--version")}).showVersion);
        const QString help = LaunchOptions::helpText();
        QVERIFY2(help.startsWith(QStringLiteral("Usage: glm-chat [options] [MODEL.gguf]")),
                 qPrintable(help));
        for (const char* word :
             {"--data-dir", "--send", "--screenshot", "--quit-after", "MODEL.gguf"})
            QVERIFY2(help.contains(QLatin1String(word)), word);
    }
};

QTEST_GUILESS_MAIN(TestLaunchOptions)
#include "tst_launch_options.moc"
