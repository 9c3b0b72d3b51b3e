// Notices the app shows (model and chat) are written again in the new language when the user
// switches it; before, a notice shown before the switch stayed English.
#include "common/app_settings.h"
#include "inference/inference_service.h"
#include "viewmodels/language_switcher.h"
#include "viewmodels/model_controller.h"
#include "viewmodels/translated_notice.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace glm::app;

class TestTranslatedNotice : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void aShownNoticeFollowsTheLanguage() {
        AppSettings settings(std::make_unique<QSettings>(dir_.filePath(QStringLiteral("s.ini")),
                                                         QSettings::IniFormat));
        settings.setLanguage(QStringLiteral("en"));
        settings.setLastModelPath(dir_.filePath(QStringLiteral("gone.gguf")));
        LanguageSwitcher language(&settings);
        language.apply();
        InferenceService inference({QStringLiteral("-")});
        ModelController model(&inference, &settings);
        QVERIFY(!model.loadLastModel());
        const QString english = model.notice();
        QVERIFY2(english.startsWith(QStringLiteral("The last model")), qPrintable(english));
        QSignalSpy changed(&model, &ModelController::noticeChanged);
        settings.setLanguage(QStringLiteral("zh_CN"));
        QVERIFY(changed.wait(5000));
        QVERIFY2(model.notice() != english && model.notice().contains(QStringLiteral("gone.gguf")),
                 qPrintable(model.notice()));
        settings.setLanguage(QStringLiteral("en"));
        QTRY_COMPARE(model.notice(), english);
    }

    void aTextMadeElsewhereIsKept() {
        TranslatedNotice notice;
        QSignalSpy changed(&notice, &TranslatedNotice::changed);
        notice.setText(QStringLiteral("as it was"));
        QCOMPARE(notice.text(), QStringLiteral("as it was"));
        notice.clear();
        QVERIFY(notice.text().isEmpty());
        QCOMPARE(changed.size(), 2);
    }
};

QTEST_MAIN(TestTranslatedNotice)
#include "tst_translated_notice.moc"
