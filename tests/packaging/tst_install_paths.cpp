// InstallPaths: the installed program finds its data relative to its own folder, the build-tree
// program through the marker CMake writes, and every wrong or missing piece gives a clear error.
#include "common/install_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using glm::app::InstallPaths;
using Layout = InstallPaths::Layout;

class TstInstallPaths : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;

    QString path(const QString& relative) const { return tmp_.filePath(relative); }

    QString makeDir(const QString& relative) const {
        const QString p = path(relative);
        if (!QDir().mkpath(p)) qFatal("cannot create %s", qPrintable(p));
        return QDir::cleanPath(p);
    }

    // Test scaffolding that cannot be created is a broken machine, not a test result.
    void writeFile(const QString& relative, const QByteArray& content) const {
        const QString p = path(relative);
        QDir().mkpath(QFileInfo(p).absolutePath());
        QFile f(p);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write %s: %s", qPrintable(p), qPrintable(f.errorString()));
    }

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        // current() reads the override once; the real-build checks below need it unset.
        qunsetenv(InstallPaths::kOverrideEnv);
    }

    void installedLayoutIsRecognisedByItsMarker() {
        const QString bin = makeDir(QStringLiteral("inst/usr/bin"));
        const QString data = makeDir(QStringLiteral("inst/usr/share/glm-chat"));
        writeFile(QStringLiteral("inst/usr/share/glm-chat/glm-chat.datadir"), "GLM Chat data\n");
        const auto loc = InstallPaths::locate(bin, QString());
        QCOMPARE(loc.layout, Layout::Installed);
        QCOMPARE(loc.dirs, QStringList{data});
        QVERIFY(loc.error.isEmpty());
    }

    void installedFolderWithoutMarkerIsNotTrusted() {
        const QString bin = makeDir(QStringLiteral("nomarker/usr/bin"));
        makeDir(QStringLiteral("nomarker/usr/share/glm-chat"));
        const auto loc = InstallPaths::locate(bin, QString());
        QCOMPARE(loc.layout, Layout::NotFound);
        QVERIFY(loc.dirs.isEmpty());
        QVERIFY2(loc.error.contains(QLatin1String("glm-chat.datadir")), qPrintable(loc.error));
        QVERIFY2(loc.error.contains(QLatin1String("GLM_DATA_DIR")), qPrintable(loc.error));
    }

    void buildTreeMarkerListsBuildDataThenSources() {
        const QString src = makeDir(QStringLiteral("bt/src/resources"));
        const QString exeDir = makeDir(QStringLiteral("bt/build/app"));
        // build-data relative to the marker's folder, source-data absolute: both forms work.
        writeFile(QStringLiteral("bt/build/glm-chat-build-tree.ini"),
                  "# written by CMake\n\nbuild-data=share/glm-chat\nsource-data=" + src.toUtf8() +
                      "\nunknown-key=ignored\n");
        const auto loc = InstallPaths::locate(exeDir, QString());
        QCOMPARE(loc.layout, Layout::BuildTree);
        QCOMPARE(loc.dirs, (QStringList{path(QStringLiteral("bt/build/share/glm-chat")), src}));
    }

    void buildTreeMarkerIsFoundUpToThreeLevelsUp() {
        const QString src = makeDir(QStringLiteral("deep/src/resources"));
        writeFile(QStringLiteral("deep/build/glm-chat-build-tree.ini"),
                  "source-data=" + src.toUtf8() + "\n");
        const QString three = makeDir(QStringLiteral("deep/build/a/b/c"));
        QCOMPARE(InstallPaths::locate(three, QString()).layout, Layout::BuildTree);
        const QString four = makeDir(QStringLiteral("deep/build/a/b/c/d"));
        QCOMPARE(InstallPaths::locate(four, QString()).layout, Layout::NotFound);
    }

    void installedLayoutWinsOverABuildTreeMarker() {
        const QString src = makeDir(QStringLiteral("both/src/resources"));
        writeFile(QStringLiteral("both/glm-chat-build-tree.ini"), "source-data=" + src.toUtf8());
        const QString bin = makeDir(QStringLiteral("both/prefix/bin"));
        const QString data = makeDir(QStringLiteral("both/prefix/share/glm-chat"));
        writeFile(QStringLiteral("both/prefix/share/glm-chat/glm-chat.datadir"), "");
        const auto loc = InstallPaths::locate(bin, QString());
        QCOMPARE(loc.layout, Layout::Installed);
        QCOMPARE(loc.dirs, QStringList{data});
    }

    void damagedBuildTreeMarkersSayWhatToDo_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no key") << QByteArray("just some text\n=\n");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe=\x01\x02", 6);
        QTest::newRow("source moved")
            << QByteArray("source-data=/nonexistent/glm-chat/resources\n");
        QTest::newRow("too large") << QByteArray(100 * 1024, 'x');
    }
    void damagedBuildTreeMarkersSayWhatToDo() {
        QFETCH(QByteArray, content);
        const QString dir = QStringLiteral("bad-%1")
                                .arg(QTest::currentDataTag())
                                .replace(QLatin1Char(' '), QLatin1Char('-'));
        const QString exeDir = makeDir(dir + QStringLiteral("/app"));
        writeFile(dir + QStringLiteral("/glm-chat-build-tree.ini"), content);
        const auto loc = InstallPaths::locate(exeDir, QString());
        QCOMPARE(loc.layout, Layout::NotFound);
        QVERIFY(loc.dirs.isEmpty());
        QVERIFY2(loc.error.contains(QLatin1String("re-run cmake")), qPrintable(loc.error));
    }

    void overrideIsUsedAsIsOrRejectedClearly() {
        const QString data = makeDir(QStringLiteral("override/data"));
        const QString bin = makeDir(QStringLiteral("override/usr/bin"));
        auto loc = InstallPaths::locate(bin, data);
        QCOMPARE(loc.layout, Layout::Override);
        QCOMPARE(loc.dirs, QStringList{data});

        const QString missing = path(QStringLiteral("override/missing"));
        loc = InstallPaths::locate(bin, missing);
        QCOMPARE(loc.layout, Layout::NotFound);
        QVERIFY2(loc.error.contains(missing) && loc.error.contains(QLatin1String("GLM_DATA_DIR")),
                 qPrintable(loc.error));

        writeFile(QStringLiteral("override/afile"), "x");
        QCOMPARE(InstallPaths::locate(bin, path(QStringLiteral("override/afile"))).layout,
                 Layout::NotFound);
    }

    void unknownExecutableFolderIsAnError() {
        const auto loc = InstallPaths::locate(QString(), QString());
        QCOMPARE(loc.layout, Layout::NotFound);
        QVERIFY2(loc.error.contains(QLatin1String("GLM_DATA_DIR")), qPrintable(loc.error));
    }

    // The real build: this test binary sits in the build tree, whose marker CMake wrote, so it
    // must find the source tree's resources (the committed icon source is one of them).
    void thisBuildTreeFindsTheSourceResources() {
        QCOMPARE(InstallPaths::executableDir(), QCoreApplication::applicationDirPath());
        const auto& loc = InstallPaths::current();
        QVERIFY2(loc.error.isEmpty(), qPrintable(loc.error));
        QCOMPARE(loc.layout, Layout::BuildTree);
        const QString icon = InstallPaths::findDataFile(QStringLiteral("icons/glm-chat.svg"));
        QVERIFY2(!icon.isEmpty(), qPrintable(loc.dirs.join(QLatin1Char(';'))));
        QVERIFY(QFile::exists(icon));
        QVERIFY(!InstallPaths::dataDir().isEmpty());
        QVERIFY(InstallPaths::findDataFile(QStringLiteral("no/such/file")).isEmpty());
    }

    void findDataFileStaysInsideTheDataFolders() {
        QVERIFY(InstallPaths::findDataFile(QString()).isEmpty());
        QVERIFY(InstallPaths::findDataFile(QStringLiteral("/etc/passwd")).isEmpty());
        QVERIFY(InstallPaths::findDataFile(QStringLiteral("../CMakeLists.txt")).isEmpty());
        QVERIFY(InstallPaths::findDataFile(QStringLiteral("icons/../../CMakeLists.txt")).isEmpty());
        QVERIFY(
            !InstallPaths::findDataFile(QStringLiteral("linux/../icons/glm-chat.svg")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstInstallPaths)
#include "tst_install_paths.moc"
