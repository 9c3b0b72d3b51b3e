// AppSettings and ModelPreferences over a real INI file: round trips, only non-default values
// written, hostile values clamped, per-model keys, the unfinished-load marker.
#include "common/app_settings.h"
#include "common/data_directory.h"

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using glm::app::AppSettings;
using glm::app::ModelPreferences;

class TestAppSettings : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString iniPath() const { return dir_.filePath(QStringLiteral("settings.ini")); }
    std::unique_ptr<AppSettings> open() {
        return std::make_unique<AppSettings>(
            std::make_unique<QSettings>(iniPath(), QSettings::IniFormat));
    }
    static ModelPreferences glm3Defaults() {
        glm::app::SamplingSettings s;
        s.temperature = 0.8;
        s.topP = 0.8;
        return ModelPreferences::defaultsFor(s);
    }

private slots:
    void init() { QFile::remove(iniPath()); }

    void appPreferencesRoundTrip() {
        {
            auto s = open();
            QSignalSpy theme(s.get(), &AppSettings::themeChanged);
            QSignalSpy lang(s.get(), &AppSettings::languageChanged);
            QCOMPARE(s->theme(), AppSettings::Theme::System);
            s->setTheme(AppSettings::Theme::Dark);
            s->setTheme(AppSettings::Theme::Dark);
            QCOMPARE(theme.size(), 1);
            s->setLanguage(QStringLiteral("zh_CN"));
            s->setLanguage(QStringLiteral("klingon")); // unknown: back to the system language
            QCOMPARE(lang.size(), 2);
            QCOMPARE(s->language(), QString());
            s->setLanguage(QStringLiteral("zh_CN"));
            s->setLastModelPath(QStringLiteral("/m/chatglm3.gguf"));
            s->setDeviceSelector(QStringLiteral("llvmpipe"));
            s->setWindowState(QRect(10, 20, 900, 700), true);
        }
        auto s = open();
        QCOMPARE(s->theme(), AppSettings::Theme::Dark);
        QCOMPARE(s->language(), QStringLiteral("zh_CN"));
        QCOMPARE(s->lastModelPath(), QStringLiteral("/m/chatglm3.gguf"));
        QCOMPARE(s->deviceSelector(), QStringLiteral("llvmpipe"));
        QCOMPARE(s->windowGeometry(), QRect(10, 20, 900, 700));
        QVERIFY(s->windowMaximized());
    }

    void modelPreferencesOnlyStoreChanges() {
        const ModelPreferences defaults = glm3Defaults();
        auto s = open();
        ModelPreferences p = defaults;
        p.sampling.temperature = 0.3;
        p.compactKvCache = true;
        p.systemPrompt = QStringLiteral("你是一个乐于助人的助手。");
        s->setModelPreferences(QStringLiteral("/a/ChatGLM3 Q4_0.gguf"), p, defaults);
        s->sync();
        QSettings raw(iniPath(), QSettings::IniFormat);
        raw.beginGroup(ModelPreferences::settingsGroup(QStringLiteral("/a/ChatGLM3 Q4_0.gguf")));
        QCOMPARE(raw.childKeys(),
                 (QStringList{QStringLiteral("compact_kv_cache"), QStringLiteral("system_prompt"),
                              QStringLiteral("temperature")}));
        raw.endGroup();
        // The same file name elsewhere shares the settings; another model does not.
        QCOMPARE(s->modelPreferences(QStringLiteral("/b/ChatGLM3 Q4_0.gguf"), defaults), p);
        QCOMPARE(s->modelPreferences(QStringLiteral("/a/other.gguf"), defaults), defaults);
        // Setting a value back to its default removes it.
        s->setModelPreferences(QStringLiteral("/a/ChatGLM3 Q4_0.gguf"), defaults, defaults);
        s->sync();
        QSettings again(iniPath(), QSettings::IniFormat);
        QVERIFY(again.allKeys().filter(QStringLiteral("models/")).isEmpty());
    }

    void settingsGroupIsSafe() {
        QCOMPARE(ModelPreferences::settingsGroup(QStringLiteral("/x/GLM-4 9B [q4].gguf")),
                 QStringLiteral("models/glm-4_9b__q4_.gguf"));
        QCOMPARE(ModelPreferences::settingsGroup(QStringLiteral("/x/模型.gguf")),
                 QStringLiteral("models/__.gguf"));
        QCOMPARE(ModelPreferences::settingsGroup(QString()), QStringLiteral("models/_"));
    }

    // Settings belong to a model file (its name and size): two different "model.gguf" files keep
    // their own, and a file that moves keeps its settings.
    void twoFilesOfTheSameNameKeepApart() {
        const ModelPreferences defaults = glm3Defaults();
        auto write = [&](const QString& path, int bytes) {
            QDir().mkpath(QFileInfo(path).path());
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(bytes, 'x'));
        };
        const QString a = dir_.filePath(QStringLiteral("one/model.gguf"));
        const QString b = dir_.filePath(QStringLiteral("two/model.gguf"));
        const QString moved = dir_.filePath(QStringLiteral("three/model.gguf"));
        write(a, 100);
        write(b, 200);
        write(moved, 100);
        auto s = open();
        ModelPreferences p = defaults;
        p.contextLength = 1024;
        s->setModelPreferences(a, p, defaults);
        QCOMPARE(s->modelPreferences(a, defaults), p);
        QCOMPARE(s->modelPreferences(b, defaults), defaults);
        QCOMPARE(s->modelPreferences(moved, defaults), p);
    }

    // Settings stored by earlier versions under the file name alone are taken over by the first
    // model file of that name that reads them, and nobody else inherits them afterwards.
    void settingsUnderTheFileNameAloneAreMigrated() {
        const ModelPreferences defaults = glm3Defaults();
        const QString a = dir_.filePath(QStringLiteral("old/chat.gguf"));
        const QString b = dir_.filePath(QStringLiteral("other/chat.gguf"));
        for (const auto& [path, bytes] : {std::pair{a, 10}, std::pair{b, 20}}) {
            QDir().mkpath(QFileInfo(path).path());
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(bytes, 'x'));
        }
        {
            QSettings raw(iniPath(), QSettings::IniFormat);
            raw.setValue(QStringLiteral("models/chat.gguf/temperature"), 0.25);
        }
        auto s = open();
        QCOMPARE(s->modelPreferences(a, defaults).sampling.temperature, 0.25);
        QCOMPARE(s->modelPreferences(b, defaults), defaults);
        QCOMPARE(s->modelPreferences(a, defaults).sampling.temperature, 0.25);
        s->sync();
        QSettings raw(iniPath(), QSettings::IniFormat);
        QVERIFY(!raw.contains(QStringLiteral("models/chat.gguf/temperature")));
    }

    void hostileValuesAreClamped() {
        const ModelPreferences defaults = glm3Defaults();
        {
            QSettings raw(iniPath(), QSettings::IniFormat);
            const QString g = ModelPreferences::settingsGroup(QStringLiteral("m.gguf"));
            raw.setValue(g + QStringLiteral("/temperature"), QStringLiteral("nan"));
            raw.setValue(g + QStringLiteral("/top_p"), -4);
            raw.setValue(g + QStringLiteral("/top_k"), 1e9);
            raw.setValue(g + QStringLiteral("/repetition_penalty"), QStringLiteral("lots"));
            raw.setValue(g + QStringLiteral("/max_new_tokens"), -1);
            raw.setValue(g + QStringLiteral("/context_length"), 12);
            raw.setValue(g + QStringLiteral("/compact_kv_cache"), QStringLiteral("perhaps"));
            raw.setValue(g + QStringLiteral("/system_prompt"), QString(100000, u'x'));
            raw.setValue(QStringLiteral("window/geometry"), QRect(0, 0, 5000000, 10));
        }
        auto s = open();
        const ModelPreferences p = s->modelPreferences(QStringLiteral("m.gguf"), defaults);
        QVERIFY(std::isfinite(p.sampling.temperature));
        QVERIFY(p.sampling.temperature >= 0 && p.sampling.temperature <= 2);
        QCOMPARE(p.sampling.topP, ModelPreferences::Limits::kMinTopP);
        QCOMPARE(p.sampling.topK, ModelPreferences::Limits::kMaxTopK);
        QCOMPARE(p.sampling.repetitionPenalty, defaults.sampling.repetitionPenalty);
        QCOMPARE(p.sampling.maxNewTokens, 1);
        QCOMPARE(p.contextLength, ModelPreferences::Limits::kMinContextLength);
        QCOMPARE(p.compactKvCache, defaults.compactKvCache);
        QCOMPARE(p.systemPrompt.size(), ModelPreferences::Limits::kMaxSystemPromptChars);
        QVERIFY(!s->windowGeometry().isValid());
    }

    // The CPU backend's threads: 0 is automatic (and not written), a number is kept, a number
    // out of range is clamped, and each change is announced once.
    void cpuThreadsRoundTrip() {
        {
            auto s = open();
            QSignalSpy changed(s.get(), &AppSettings::cpuThreadsChanged);
            QCOMPARE(s->cpuThreads(), 0);
            s->setCpuThreads(4);
            s->setCpuThreads(4);
            QCOMPARE(changed.size(), 1);
            QCOMPARE(s->cpuThreads(), 4);
            s->setCpuThreads(100000);
            QCOMPARE(s->cpuThreads(), AppSettings::kMaxCpuThreads);
            s->setCpuThreads(-3);
            QCOMPARE(s->cpuThreads(), 0);
            QCOMPARE(changed.size(), 3);
            s->sync();
            QVERIFY(!QSettings(iniPath(), QSettings::IniFormat)
                         .contains(QStringLiteral("model/cpu_threads")));
            s->setCpuThreads(3);
        }
        QCOMPARE(open()->cpuThreads(), 3);
    }

    void hostileCpuThreadsAreAutomatic_data() {
        QTest::addColumn<QVariant>("stored");
        QTest::addColumn<int>("expected");
        QTest::newRow("negative") << QVariant(-2) << 0;
        QTest::newRow("zero") << QVariant(0) << 0;
        QTest::newRow("huge") << QVariant(1000000) << 0;
        QTest::newRow("beyond int") << QVariant(QStringLiteral("99999999999999999999")) << 0;
        QTest::newRow("not a number") << QVariant(QStringLiteral("lots")) << 0;
        QTest::newRow("fraction") << QVariant(QStringLiteral("2.5")) << 0;
        QTest::newRow("empty") << QVariant(QString()) << 0;
        QTest::newRow("largest") << QVariant(AppSettings::kMaxCpuThreads)
                                 << AppSettings::kMaxCpuThreads;
        QTest::newRow("as text") << QVariant(QStringLiteral("6")) << 6;
    }
    void hostileCpuThreadsAreAutomatic() {
        QFETCH(QVariant, stored);
        QFETCH(int, expected);
        QSettings(iniPath(), QSettings::IniFormat)
            .setValue(QStringLiteral("model/cpu_threads"), stored);
        QCOMPARE(open()->cpuThreads(), expected);
    }

    void unfinishedLoadIsOnDiskAtOnce() {
        auto s = open();
        s->setUnfinishedLoad(QStringLiteral("/m/big.gguf"));
        // Another reader (the next start after a crash) sees it without a sync() from us.
        QSettings other(iniPath(), QSettings::IniFormat);
        QCOMPARE(other.value(QStringLiteral("model/loading")).toString(),
                 QStringLiteral("/m/big.gguf"));
        s->setUnfinishedLoad(QString());
        QCOMPARE(s->unfinishedLoad(), QString());
    }

    void dataDirectory() {
        qunsetenv(glm::app::DataDirectory::kEnvironmentVariable);
        const auto standard = glm::app::DataDirectory::resolve(QString());
        QVERIFY(!standard.isPortable());
        QVERIFY(standard.cacheDirectory().isEmpty());
        const auto portable = glm::app::DataDirectory::resolve(dir_.filePath(QStringLiteral("p")));
        QVERIFY(portable.isPortable());
        QCOMPARE(portable.modelsDirectory(), dir_.filePath(QStringLiteral("p/models")));
        QString error;
        QVERIFY(portable.prepare(&error));
        QVERIFY(QFileInfo(portable.root()).isDir());
        QCOMPARE(portable.openSettings()->fileName(),
                 dir_.filePath(QStringLiteral("p/settings.ini")));
        qputenv(glm::app::DataDirectory::kEnvironmentVariable,
                dir_.filePath(QStringLiteral("e")).toUtf8());
        QCOMPARE(glm::app::DataDirectory::resolve(QString()).root(),
                 dir_.filePath(QStringLiteral("e")));
        qunsetenv(glm::app::DataDirectory::kEnvironmentVariable);
        // A file where the folder should be: refused with a message.
        QFile f(dir_.filePath(QStringLiteral("afile")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QVERIFY(!glm::app::DataDirectory::resolve(f.fileName()).prepare(&error));
        QVERIFY(error.contains(QStringLiteral("afile")));
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_app_settings.moc"
