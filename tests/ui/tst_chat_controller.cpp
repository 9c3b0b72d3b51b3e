// ChatController against a real history store and a tiny model on lavapipe, for what the window
// cannot show by itself: a question the store cannot take (the disk is full) is given back to the
// composer instead of being lost.
#include "common/app_settings.h"
#include "golden_models.h"
#include "history/conversation_database.h"
#include "history/conversation_store.h"
#include "inference/inference_service.h"
#include "viewmodels/chat_controller.h"
#include "viewmodels/message_list_model.h"
#include "viewmodels/model_controller.h"
#include "vulkan_test_support.h"

#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace glm::app;
using namespace glm::history;

class TestChatController : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // A history whose file cannot grow: the disk is full from the start.
    StoreOptions fullDiskStore() {
        StoreOptions options;
        options.dataDirectory = dir_.filePath(QStringLiteral("history"));
        QDir().mkpath(options.dataDirectory);
        {
            ConversationDatabase db(options);
            QSqlQuery vacuum(db.connection());
            vacuum.exec(QStringLiteral("VACUUM")); // no free pages left inside the file
            QSqlQuery pages(db.connection());
            pages.exec(QStringLiteral("PRAGMA page_count"));
            pages.next();
            options.maxPageCount = pages.value(0).toLongLong();
        }
        return options;
    }

private slots:
    void cleanupTestCase() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }

    void aQuestionTheDiskCannotTakeIsGivenBack() {
        const QString modelPath = dir_.filePath(QStringLiteral("chat.gguf"));
        glm::test::write_chat_test_model("glm3", modelPath.toStdString());
        AppSettings settings(std::make_unique<QSettings>(dir_.filePath(QStringLiteral("s.ini")),
                                                         QSettings::IniFormat));
        InferenceService inference({QStringLiteral("-")});
        ModelController model(&inference, &settings);
        ConversationStore store(fullDiskStore());
        QTRY_VERIFY_WITH_TIMEOUT(store.isReady(), 10000);
        ChatController chat(&inference, &model, &store);
        model.loadModel(modelPath);
        QTRY_VERIFY_WITH_TIMEOUT(model.isReady(), 60000);

        QSignalSpy givenBack(&chat, &ChatController::questionNotSent);
        const QString question = QString(60'000, QLatin1Char('q'));
        QVERIFY(chat.send(question));
        QVERIFY(givenBack.wait(10000));
        QCOMPARE(givenBack.first().at(0).toString(), question);
        QVERIFY2(chat.notice().contains(QStringLiteral("full")), qPrintable(chat.notice()));
        QCOMPARE(chat.messages()->count(), 0);
        QVERIFY(!chat.isGenerating());
    }

    // The status line's numbers belong to the chat on screen: a new chat has none, and an
    // older chat shows those of its own last reply.
    void replyNumbersFollowTheChatShown() {
        const QString modelPath = dir_.filePath(QStringLiteral("chat.gguf"));
        if (!QFileInfo::exists(modelPath))
            glm::test::write_chat_test_model("glm3", modelPath.toStdString());
        AppSettings settings(std::make_unique<QSettings>(dir_.filePath(QStringLiteral("t.ini")),
                                                         QSettings::IniFormat));
        InferenceService inference({QStringLiteral("-")});
        ModelController model(&inference, &settings);
        StoreOptions options;
        options.dataDirectory = dir_.filePath(QStringLiteral("stats-history"));
        QDir().mkpath(options.dataDirectory);
        ConversationStore store(options);
        QTRY_VERIFY_WITH_TIMEOUT(store.isReady(), 10000);
        ChatController chat(&inference, &model, &store);
        model.loadModel(modelPath);
        QTRY_VERIFY_WITH_TIMEOUT(model.isReady(), 60000);
        ModelPreferences short_ = model.preferences();
        short_.sampling.maxNewTokens = 8;
        settings.setModelPreferences(model.modelPath(), short_, model.defaultPreferences());

        QVERIFY(chat.send(QStringLiteral("Hello")));
        QTRY_VERIFY_WITH_TIMEOUT(chat.messages()->count() == 2 && !chat.isGenerating(), 60000);
        QVERIFY(chat.hasStats());
        const int tokens = chat.generatedTokens();
        QVERIFY(tokens > 0);
        const double first = chat.conversationIdForQml();
        chat.newChat();
        QVERIFY(!chat.hasStats());
        chat.openConversation(first);
        QTRY_VERIFY_WITH_TIMEOUT(chat.messages()->count() == 2, 10000);
        QVERIFY(chat.hasStats());
        QCOMPARE(chat.generatedTokens(), tokens);
    }
};

QTEST_MAIN(TestChatController)
#include "tst_chat_controller.moc"
