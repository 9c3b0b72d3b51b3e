// The settings dialog of the real window, offscreen, with a tiny model loaded when the app starts
// (as a restored model is): the model's settings can be changed, the theme and the language
// switch while the dialog is open, and a file that cannot chat does not cost the loaded model.
#include "chat_app_test_support.h"
#include "golden_models.h"
#include "quick_lsan_suppressions.h"
#include "viewmodels/model_controller.h"
#include "viewmodels/settings_model.h"
#include "viewmodels/ui_setup.h"
#include "vulkan_test_support.h"
#include "window_test_support.h"

#include <QPalette>
#include <QSettings>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

using namespace glm::test;

class TestSettingsDialog : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString modelPath_;
    std::unique_ptr<ChatApp> app_;

    QQuickWindow* window() const { return app_->window(); }
    QQuickItem* waitForItem(const QString& name) {
        QQuickItem* item = nullptr;
        waitUntil([&] { return (item = findVisibleItem(window(), name)) != nullptr; }, 5000);
        return item;
    }
    void openSettings(int tab = 0) {
        QMetaObject::invokeMethod(window(), "openSettings");
        QVERIFY(waitForItem(QStringLiteral("closeSettingsButton")));
        QQuickItem* tabs = waitForItem(QStringLiteral("settingsTabs"));
        QVERIFY(tabs);
        tabs->setProperty("currentIndex", tab);
    }
    void closeSettings() {
        clickItem(window(), findVisibleItem(window(), QStringLiteral("closeSettingsButton")));
        QVERIFY(waitUntil(
            [&] { return !findVisibleItem(window(), QStringLiteral("closeSettingsButton")); },
            5000));
    }
    QString iniValue(const QString& key) {
        QSettings ini(dir_.filePath(QStringLiteral("data/settings.ini")), QSettings::IniFormat);
        for (const QString& k : ini.allKeys())
            if (k.endsWith(key)) return ini.value(k).toString();
        return {};
    }

private slots:
    void initTestCase() { startChatAppWithTestModel(dir_, &modelPath_, &app_); }
    void cleanupTestCase() {
        app_.reset();
        GLM_VERIFY_NO_VALIDATION_ERRORS();
    }

    // Typing right away goes into the composer (it had no focus until clicked); the header
    // names the model by its file.
    void theWindowIsReadyToType() {
        QQuickItem* input = waitForItem(QStringLiteral("composerInput"));
        QVERIFY(input);
        QVERIFY(waitUntil([&] { return input->hasActiveFocus(); }, 5000));
        QCOMPARE(findVisibleItem(window(), QStringLiteral("modelNameLabel"))
                     ->property("text")
                     .toString(),
                 QStringLiteral("tiny-chatglm3"));
    }

    // At the smallest window size the chats list gives way to the chat (the model's name was
    // squeezed to "C…"); the button (or Ctrl+B) brings it back.
    void aNarrowWindowHidesTheChatsList() {
        const QRect before = window()->geometry();
        window()->resize(560, 420);
        QVERIFY(
            waitUntil([&] { return !findVisibleItem(window(), QStringLiteral("sidebar")); }, 5000));
        QQuickItem* name = findVisibleItem(window(), QStringLiteral("modelNameLabel"));
        QVERIFY(waitUntil([&] { return name->width() >= 100; }, 5000));
        clickItem(window(), findVisibleItem(window(), QStringLiteral("sidebarToggleButton")));
        QVERIFY(
            waitUntil([&] { return findVisibleItem(window(), QStringLiteral("sidebar")); }, 5000));
        QTest::keyClick(window(), Qt::Key_B, Qt::ControlModifier);
        QVERIFY(
            waitUntil([&] { return !findVisibleItem(window(), QStringLiteral("sidebar")); }, 5000));
        window()->setGeometry(before);
        QVERIFY(
            waitUntil([&] { return findVisibleItem(window(), QStringLiteral("sidebar")); }, 5000));
    }

    // With a model loaded, the Replies page is enabled and a change is stored for the model.
    void theLoadedModelsSettingsCanBeChanged() {
        openSettings();
        QQuickItem* temperature = waitForItem(QStringLiteral("temperatureSetting"));
        QVERIFY(temperature);
        QVERIFY2(temperature->isEnabled(), "the model's settings are locked with a model loaded");
        QVERIFY(app_->settingsModel()->modelLoaded());
        QQuickItem* slider = nullptr;
        for (QQuickItem* child : temperature->childItems())
            if (child->inherits("QQuickSlider")) slider = child;
        QVERIFY(slider);
        slider->forceActiveFocus();
        QTest::keyClick(window(), Qt::Key_Right); // one step up, as a person would
        QVERIFY(
            waitUntil([&] { return !iniValue(QStringLiteral("/temperature")).isEmpty(); }, 5000));
        QCOMPARE(iniValue(QStringLiteral("/temperature")).toDouble(),
                 app_->settingsModel()->temperature());
        closeSettings();
    }

    // The CPU backend's threads (the test model runs there: lavapipe is never chosen over it).
    // "Automatic" names what it comes to; leaving it stores that number, a step up one more,
    // and closing the dialog loads the model again on that many threads (the device list says
    // so); "Automatic" again goes back.
    void cpuThreadsApplyWhenTheDialogCloses() {
        ModelController* model = app_->model();
        DeviceListModel* devices = model->devices();
        QVERIFY(model->onCpuBackend());
        QVERIFY(waitUntil([&] { return devices->automaticCpuThreads() > 0; }, 30000));
        const int automatic = devices->automaticCpuThreads();
        QCOMPARE(devices->cpuThreads(), automatic);
        const QString automaticText = QString::number(automatic);
        const QString oneMore = QString::number(automatic + 1);

        openSettings(1);
        QQuickItem* box = waitForItem(QStringLiteral("cpuThreadsAutomatic"));
        QQuickItem* spin = waitForItem(QStringLiteral("cpuThreadsSetting"));
        QVERIFY(box && spin);
        QVERIFY(box->property("checked").toBool());
        QVERIFY2(box->property("text").toString().contains(automaticText),
                 qPrintable(box->property("text").toString()));
        QVERIFY(!spin->isEnabled());
        clickItem(window(), box);
        QVERIFY(waitUntil([&] { return iniValue(QStringLiteral("/cpu_threads")) == automaticText; },
                          5000));
        QVERIFY(spin->isEnabled());
        spin->forceActiveFocus();
        QTest::keyClick(window(), Qt::Key_Up);
        QVERIFY(
            waitUntil([&] { return iniValue(QStringLiteral("/cpu_threads")) == oneMore; }, 5000));
        QVERIFY(app_->settingsModel()->reloadNeeded());
        closeSettings();
        QVERIFY(waitUntil(
            [&] { return model->isReady() && devices->cpuThreads() == automatic + 1; }, 60000));

        openSettings(1);
        box = waitForItem(QStringLiteral("cpuThreadsAutomatic"));
        QVERIFY(box && !box->property("checked").toBool());
        clickItem(window(), box);
        QVERIFY(
            waitUntil([&] { return iniValue(QStringLiteral("/cpu_threads")).isEmpty(); }, 5000));
        closeSettings();
        QVERIFY(waitUntil([&] { return model->isReady() && devices->cpuThreads() == automatic; },
                          60000));
    }

    // Dark chosen while the dialog is open: its texts and tabs turn dark at once (they kept the
    // light palette until the dialog was opened again).
    void darkThemeReachesTheOpenDialog() {
        openSettings(2);
        app_->settingsModel()->setTheme(1);
        QQuickItem* radio = waitForItem(QStringLiteral("themeChoice2"));
        QVERIFY(radio);
        clickItem(window(), radio);
        QVERIFY(waitUntil([&] { return window()->color().lightness() < 100; }, 2000));
        QQuickItem* label = radio->property("contentItem").value<QQuickItem*>();
        QVERIFY(label);
        QVERIFY(waitUntil(
            [&] { return label->property("color").value<QColor>().lightness() > 150; }, 2000));
        QQuickItem* tabs = waitForItem(QStringLiteral("settingsTabs"));
        QVERIFY(tabs);
        QVERIFY(waitUntil(
            [&] {
                const auto* palette = tabs->property("palette").value<QObject*>();
                return palette && palette->property("button").value<QColor>().lightness() < 100;
            },
            2000));
        app_->settingsModel()->setTheme(1);
        closeSettings();
    }

    // 简体中文 chosen in the language box: the box shows it (it stayed on "System language").
    void theLanguageBoxShowsTheChoice() {
        openSettings(2);
        QQuickItem* box = waitForItem(QStringLiteral("languageSetting"));
        QVERIFY(box);
        // As a person does it: the box's keys (each step is an activation).
        box->forceActiveFocus();
        QTest::keyClick(window(), Qt::Key_Down);
        QTest::keyClick(window(), Qt::Key_Down);
        QVERIFY(waitUntil(
            [&] { return app_->settingsModel()->language() == QStringLiteral("zh_CN"); }, 3000));
        QVERIFY2(waitUntil(
                     [&] {
                         return box->property("displayText").toString() ==
                                QStringLiteral("简体中文");
                     },
                     3000),
                 qPrintable(box->property("displayText").toString()));
        QTest::keyClick(window(), Qt::Key_Up);
        QVERIFY(waitUntil(
            [&] { return box->property("displayText").toString() == QStringLiteral("English"); },
            3000));
        QCOMPARE(app_->settingsModel()->language(), QStringLiteral("en"));
        closeSettings();
    }

    // Export's save dialog says Export (it said Open) and offers a file name (it offered none).
    void theExportDialogOffersANameToSave() {
        auto* dialog = window()->findChild<QObject*>(QStringLiteral("exportDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->property("acceptLabel").toString(), QStringLiteral("Export"));
        QMetaObject::invokeMethod(window(), "exportConversation", Q_ARG(QVariant, 0));
        QVERIFY(waitUntil([&] { return dialog->property("visible").toBool(); }, 5000));
        QVERIFY2(dialog->property("selectedFile").toUrl().fileName() == QStringLiteral("chat.md"),
                 qPrintable(dialog->property("selectedFile").toUrl().toString()));
        QMetaObject::invokeMethod(dialog, "close");
        QVERIFY(waitUntil([&] { return !dialog->property("visible").toBool(); }, 5000));
    }

    // A file that cannot chat (no tokenizer) is refused, and the model that was loaded stays.
    void anUnusableFileKeepsTheLoadedModel() {
        const QString bare = dir_.filePath(QStringLiteral("no-tokenizer.gguf"));
        write_random_gguf(random_glm2_config(), bare.toStdString(), glm::TensorType::F32,
                          glm::TensorType::F32);
        app_->model()->loadModel(bare);
        QVERIFY(waitUntil(
            [&] { return app_->model()->isReady() && !app_->model()->notice().isEmpty(); }, 30000));
        QCOMPARE(app_->model()->modelPath(), modelPath_);
        QVERIFY2(app_->model()->notice().contains(QStringLiteral("no-tokenizer.gguf")),
                 qPrintable(app_->model()->notice()));
        QVERIFY(findVisibleItem(window(), QStringLiteral("modelNotice")));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settings_dialog.moc"
