// glm-chat-screenshots OUTDIR: the screenshots of the README and the AppStream metadata
// (main-light.png, main-dark.png, main-zh.png, model-manager.png, and thinking.png: a reasoning
// model's reply with its thinking open), made with the real window
// (ChatApp, Main.qml) offscreen, the tiny test model loaded, and a conversation history seeded
// with hand-written English and Chinese conversations (Markdown with code and a table).
#include "chat_app.h"
#include "golden_models.h"
#include "history/conversation_store.h"
#include "screenshot_conversations.h"
#include "viewmodels/chat_controller.h"
#include "viewmodels/model_controller.h"
#include "viewmodels/settings_model.h"
#include "viewmodels/ui_setup.h"
#include "window_test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdio>
#include <functional>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

using glm::history::ConversationStore;

namespace {

bool waitFor(const std::function<bool()>& condition, int timeoutMs = 60000) {
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs) return false;
        QTest::qWait(20);
    }
    return true;
}

// One conversation with one question and its (complete) answer; returns its id.
qint64 seed(ConversationStore& store, const QString& question,
            const glm::history::ReplyText& answer,
            const QString& model = QStringLiteral("ChatGLM3-6B")) {
    qint64 id = 0;
    store.createConversation(model, {}, nullptr, [&](const auto& r) { id = r.value.id; });
    store.waitForIdle();
    QCoreApplication::processEvents();
    qint64 questionId = 0, replyId = 0;
    store.addUserMessage(id, 0, question, nullptr, [&](const auto& r) { questionId = r.value.id; });
    store.waitForIdle();
    QCoreApplication::processEvents();
    store.beginAssistantReply(id, questionId, model, nullptr,
                              [&](const auto& r) { replyId = r.value.id; });
    store.waitForIdle();
    QCoreApplication::processEvents();
    store.finishReply(replyId, answer, glm::history::MessageState::Complete, {});
    store.waitForIdle();
    QCoreApplication::processEvents();
    return id;
}

bool shoot(ChatApp& app, const QString& path) {
    QTest::qWait(800); // layout, fonts and the last frame
    const QImage image = app.window()->grabWindow();
    if (image.isNull() || !image.save(path)) {
        std::fprintf(stderr, "could not save %s\n", qPrintable(path));
        return false;
    }
    std::printf("%s\n", qPrintable(path));
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication qapp(argc, argv);
    const QString out = QDir(QString::fromLocal8Bit(argv[1])).absolutePath();
    QDir().mkpath(out);
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("chatglm3-6b-q4_0.gguf"));
    glm::test::write_chat_test_model("glm3", model.toStdString());

    glm::app::LaunchOptions options;
    options.modelPath = model;
    const auto data = glm::app::DataDirectory::resolve(dir.filePath(QStringLiteral("data")));
    QString error;
    if (!data.prepare(&error)) return 1;
    glm::ui::setUpUi();
    ChatApp app(options, data);
    // The history first: a few chats for the sidebar, then the two shown.
    for (const QString& title : glm::test::sidebarScreenshotTitles())
        seed(*app.store(), title, QStringLiteral("…"));
    const auto zh = glm::test::chineseScreenshotTurn();
    const qint64 chinese = seed(*app.store(), zh.question, zh.answer);
    const auto en = glm::test::englishScreenshotTurn();
    const qint64 english = seed(*app.store(), en.question, en.answer);
    const auto z1 = glm::test::thinkingScreenshotTurn();
    const qint64 thinking = seed(*app.store(), z1.question, {z1.answer, z1.thinking, z1.thinkingMs},
                                 QStringLiteral("GLM-Z1-9B-0414"));

    if (!app.start()) return 1;
    app.window()->resize(1280, 820);
    if (!waitFor([&] { return app.model()->isReady(); })) return 1;
    SettingsModel* settings = app.settingsModel();
    auto open = [&](qint64 id) {
        app.chat()->openConversation(double(id));
        return waitFor([&] { return app.chat()->messages()->count() == 2; });
    };

    settings->setLanguage(QStringLiteral("en"));
    settings->setTheme(1);
    if (!open(english) || !shoot(app, out + QStringLiteral("/main-light.png"))) return 1;
    settings->setTheme(2);
    if (!shoot(app, out + QStringLiteral("/main-dark.png"))) return 1;
    settings->setTheme(1);
    settings->setLanguage(QStringLiteral("zh_CN"));
    if (!open(chinese) || !shoot(app, out + QStringLiteral("/main-zh.png"))) return 1;
    settings->setLanguage(QStringLiteral("en"));
    // The thinking block folds once the answer is there; opened here as a reader would.
    if (!open(thinking)) return 1;
    QQuickItem* block = nullptr;
    if (!waitFor([&] {
            block = glm::test::findVisibleItem(app.window(), QStringLiteral("thinkingBlock"));
            return block != nullptr;
        }))
        return 1;
    block->setProperty("readerChoice", true);
    if (!shoot(app, out + QStringLiteral("/thinking.png"))) return 1;
    QMetaObject::invokeMethod(app.window(), "openModelManager");
    if (!shoot(app, out + QStringLiteral("/model-manager.png"))) return 1;
    return 0;
}
