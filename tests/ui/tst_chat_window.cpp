// The real glm-chat window (ChatApp, Main.qml) offscreen with a tiny model on the default device
// (the CPU backend where there is no GPU), driven like a user: type, press Enter, watch the reply
// stream in, stop it, regenerate it, edit a question, start a new chat, open the settings. Also the
// UI thread's responsiveness while a reply is generated, measured with a 5 ms timer.
#include "chat_app_test_support.h"
#include "golden_models.h"
#include "history/conversation_store.h"
#include "inference/inference_service.h"
#include "quick_lsan_suppressions.h"
#include "ui_lateness_probe.h"
#include "viewmodels/chat_controller.h"
#include "viewmodels/model_controller.h"
#include "viewmodels/settings_model.h"
#include "viewmodels/ui_setup.h"
#include "vulkan_test_support.h"
#include "window_test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

using namespace glm::test;

class TestChatWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString modelPath_;
    std::unique_ptr<ChatApp> app_;
    QString firstReply_;

    QQuickWindow* window() const { return app_->window(); }
    ChatController* chat() const { return app_->chat(); }
    MessageListModel* messages() const { return app_->chat()->messages(); }

    void type(const QString& text) {
        QQuickItem* input = findVisibleItem(window(), QStringLiteral("composerInput"));
        QVERIFY(input);
        input->forceActiveFocus();
        typeText(window(), text);
    }
    void press(int key, Qt::KeyboardModifiers modifiers = {}) {
        QTest::keyClick(window(), Qt::Key(key), modifiers);
    }
    QString lastText() const {
        return messages()->count() ? messages()->at(messages()->count() - 1).text : QString();
    }
    MessageItem::State lastState() const { return messages()->at(messages()->count() - 1).state; }
    bool replyDone() const { return !chat()->isGenerating(); }
    // The random test model rarely says "end of text": a reply ends complete or at the length
    // limit (kept, marked Interrupted with a notice that says so).
    bool replyEndedNormally() const {
        const MessageItem& m = messages()->at(messages()->count() - 1);
        return m.state == MessageItem::State::Complete ||
               (m.state == MessageItem::State::Interrupted &&
                m.errorText.contains(QStringLiteral("length limit")));
    }
    void setMaxNewTokens(int n) { app_->settingsModel()->setMaxNewTokens(n); }
    bool modelManagerOpen() {
        auto* dialog = window()->findChild<QObject*>(QStringLiteral("modelManagerDialog"));
        return dialog && dialog->property("opened").toBool();
    }

private slots:
    void initTestCase() {
        startChatAppWithTestModel(dir_, &modelPath_, &app_);
        if (QTest::currentTestFailed()) return;
        // Greedy sampling: the same replies on every run ("Explain quantum physics in detail."
        // runs to the length limit with the test model).
        app_->settingsModel()->setTemperature(0);
        QVERIFY(findVisibleItem(window(), QStringLiteral("chatView")));
        QCOMPARE(findVisibleItem(window(), QStringLiteral("modelNameLabel"))
                     ->property("text")
                     .toString(),
                 QStringLiteral("tiny-chatglm3")); // the file the person opened
    }
    void cleanupTestCase() {
        app_.reset();
        GLM_VERIFY_NO_VALIDATION_ERRORS();
    }

    void typeEnterAndTheReplyStreams() {
        setMaxNewTokens(48);
        type(QStringLiteral("Hello, who are you?"));
        press(Qt::Key_Return, Qt::ShiftModifier); // a new line, not a send
        QCOMPARE(messages()->count(), 0);
        type(QStringLiteral("Answer briefly."));
        QSignalSpy tokens(app_->inference(), &glm::app::InferenceService::tokens);
        // A reply may start and end between two looks on a fast backend: its start is recorded.
        QSignalSpy generating(chat(), &ChatController::generatingChanged);
        press(Qt::Key_Return);
        // The question is committed to the store first, then shown with an empty reply.
        QVERIFY(waitUntil([&] { return messages()->count() == 2; }, 10000));
        QCOMPARE(messages()->at(0).text, QStringLiteral("Hello, who are you?\nAnswer briefly."));
        QCOMPARE(
            findVisibleItem(window(), QStringLiteral("composerInput"))->property("text").toString(),
            QString());
        QVERIFY(!generating.isEmpty());
        QVERIFY(waitUntil([&] { return replyDone(); }));
        QVERIFY(!lastText().isEmpty());
        firstReply_ = lastText();
        QVERIFY2(tokens.size() >= 2, "the reply came in pieces");
        QVERIFY(replyEndedNormally());
        // The speed of the reply and its time to the first token are shown in the status line.
        const QString speed =
            findVisibleItem(window(), QStringLiteral("speedLabel"))->property("text").toString();
        QVERIFY2(speed.contains(QStringLiteral("tokens/s")) &&
                     speed.contains(QStringLiteral("first token after")),
                 qPrintable(speed));
        QVERIFY(chat()->tokensPerSecond() > 0);
        QVERIFY(chat()->timeToFirstTokenMs() > 0);
        qInfo("status line: %s", qPrintable(speed));
        QVERIFY(findVisibleItem(window(), QStringLiteral("assistantMessage")));
    }

    // While a long reply is generated the UI thread stays responsive: a 5 ms timer is never
    // late by 50 ms or more through the UI thread's own doing (see UiLatenessProbe). A reply that
    // misses is generated once more, in a new chat, and that one must pass: a stall the UI
    // thread causes happens every time, while a one-off stall of the machine (CI's ASan stage
    // once measured 113.7 ms right after a 20-minute build, never seen again in reruns) does not.
    // The tokens are paced (3 ms each at least): on the CPU backend the tiny test model writes
    // 400 tokens in a tenth of a second, too short a reply to watch the window draw it.
    void uiStaysResponsiveWhileGenerating() {
        setMaxNewTokens(400);
        app_->inference()->paceTokensForTesting(3);
        struct Unpace {
            ChatApp* app;
            ~Unpace() { app->inference()->paceTokensForTesting(0); }
        } unpace{app_.get()};
        double worst = 0;
        for (int attempt = 1; attempt <= 2; ++attempt) {
            chat()->newChat();
            type(QStringLiteral("Explain quantum physics in detail."));
            int frames = 0;
            QObject counting; // the connections end with this attempt
            connect(window(), &QQuickWindow::frameSwapped, &counting, [&] { ++frames; });
            // Idle, the window draws only the blinking text cursor (no animation runs without a
            // reason). Measured after what the last test started (scroll bar fading) has ended.
            QTest::qWait(1500);
            frames = 0;
            QTest::qWait(2000);
            qInfo("frames drawn in 2 s while idle: %d", frames);
            QVERIFY2(frames <= 6, qPrintable(QString::number(frames)));
            frames = 0;
            UiLatenessProbe probe(&counting);
            QElapsedTimer clock;
            press(Qt::Key_Return);
            clock.start();
            probe.start();
            QVERIFY(waitUntil([&] { return replyDone(); }, 120000));
            probe.stop();
            const double seconds = clock.elapsed() / 1000.0;
            const int generated = chat()->generatedTokens();
            qInfo("UI thread during a %d-token reply (%.1f s, %d timer ticks, %d frames): worst "
                  "lateness %.1f ms (%.1f ms before taking out the wait for a core)",
                  generated, seconds, probe.ticks(), frames, probe.worstMs(), probe.worstWallMs());
            QVERIFY(generated > 200);
            QVERIFY2(frames > 10, "the window kept drawing the reply");
            worst = probe.worstMs();
            if (worst < 50) break;
        }
        QVERIFY2(worst < 50, qPrintable(QStringLiteral("%1 ms, twice").arg(worst)));
    }

    void escapeStopsAndKeepsThePartialReply() {
        setMaxNewTokens(400);
        chat()->newChat();
        type(QStringLiteral("Explain quantum physics in detail."));
        // The worker waits after token 40 until stopped: Esc lands mid-reply on any machine.
        app_->inference()->holdAfterTokensForTesting(40);
        press(Qt::Key_Return);
        QVERIFY(waitUntil([&] { return messages()->count() == 2 && lastText().size() > 10; }));
        QElapsedTimer clock;
        clock.start();
        press(Qt::Key_Escape);
        QVERIFY(waitUntil([&] { return replyDone(); }, 5000));
        qInfo("stopped %lld ms after Esc", clock.elapsed());
        app_->inference()->holdAfterTokensForTesting(-1);
        QCOMPARE(lastState(), MessageItem::State::Interrupted);
        QVERIFY(!lastText().isEmpty());
        QVERIFY(chat()->generatedTokens() < 400);
        QQuickItem* notice = findVisibleItem(window(), QStringLiteral("messageNotice"));
        QVERIFY(notice);
        QVERIFY(notice->property("text").toString().contains(QStringLiteral("Stopped")));
        // The stop button is the send button again.
        QCOMPARE(
            findVisibleItem(window(), QStringLiteral("sendButton"))->property("text").toString(),
            QStringLiteral("Send"));
    }

    // In a new chat, so the reply is the same on every run (greedy sampling). Asked in the
    // previous chat, its context held the reply Esc cut at a varying point, and the test model
    // sometimes ended the answer on its own before the click (a flaky 'Complete').
    void stopButtonStops() {
        setMaxNewTokens(400);
        chat()->newChat();
        type(QStringLiteral("Explain quantum physics in detail, again."));
        app_->inference()->holdAfterTokensForTesting(40);
        press(Qt::Key_Return);
        QVERIFY(waitUntil([&] { return messages()->count() == 2 && lastText().size() > 5; }));
        QQuickItem* button = findVisibleItem(window(), QStringLiteral("sendButton"));
        QVERIFY(button);
        QCOMPARE(button->property("text").toString(), QStringLiteral("Stop"));
        clickItem(window(), button);
        QVERIFY(waitUntil([&] { return replyDone(); }, 5000));
        app_->inference()->holdAfterTokensForTesting(-1);
        QCOMPARE(lastState(), MessageItem::State::Interrupted);
    }

    void regenerateTheLastReply() {
        setMaxNewTokens(24);
        const int before = messages()->count();
        QQuickItem* regenerate = nullptr;
        QVERIFY(waitUntil(
            [&] {
                return (regenerate = findVisibleItem(window(), QStringLiteral("regenerateButton")));
            },
            5000));
        const qint64 oldReply = messages()->at(before - 1).id;
        QSignalSpy generating(chat(), &ChatController::generatingChanged);
        clickItem(window(), regenerate);
        QVERIFY(!generating.isEmpty());
        QVERIFY(waitUntil([&] { return replyDone(); }));
        QCOMPARE(messages()->count(), before);
        // The old reply is kept as another version: "2/2" with a switch back to it.
        const MessageItem& reply = messages()->at(before - 1);
        QCOMPARE(reply.siblingIds.size(), 2);
        QCOMPARE(reply.siblingIds.first(), oldReply);
        QCOMPARE(reply.siblingIndex, 1);
        QVERIFY(findVisibleItem(window(), QStringLiteral("previousBranchButton")));
        QVERIFY(replyEndedNormally());
        QVERIFY(!lastText().isEmpty());
    }

    void switchBetweenVersions() {
        const int row = messages()->count() - 1;
        const QString newer = lastText();
        const qint64 older = messages()->at(row).siblingIds.first();
        clickItem(window(), findVisibleItem(window(), QStringLiteral("previousBranchButton")));
        QVERIFY(waitUntil(
            [&] { return messages()->count() > row && messages()->at(row).id == older; }, 10000));
        QCOMPARE(messages()->at(row).siblingIndex, 0);
        clickItem(window(), findVisibleItem(window(), QStringLiteral("nextBranchButton")));
        QVERIFY(waitUntil(
            [&] { return messages()->count() > row && messages()->at(row).siblingIndex == 1; },
            10000));
        QCOMPARE(lastText(), newer);
    }

    void editAQuestionAndResend() {
        setMaxNewTokens(16);
        // The last question's Edit button: the lowest one on screen.
        QQuickItem* edit = nullptr;
        for (QQuickItem* i : findItems(window(), QStringLiteral("editMessageButton")))
            if (i->isVisible() && (!edit || i->mapToScene({}).y() > edit->mapToScene({}).y()))
                edit = i;
        QVERIFY(edit);
        clickItem(window(), edit);
        QPointer<QQuickItem> editor = findVisibleItem(window(), QStringLiteral("messageEditor"));
        QVERIFY(editor);
        QVERIFY(waitUntil([&] { return editor && editor->hasActiveFocus(); }, 2000));
        typeText(window(), QStringLiteral(" (edited)"));
        clickItem(window(), findVisibleItem(window(), QStringLiteral("sendEditButton")));
        QVERIFY(waitUntil([&] {
            return replyDone() && messages()->count() >= 2 &&
                   messages()
                       ->at(messages()->count() - 2)
                       .text.endsWith(QStringLiteral("(edited)"));
        }));
        const MessageItem& question = messages()->at(messages()->count() - 2);
        QCOMPARE(question.text,
                 QStringLiteral("Explain quantum physics in detail, again. (edited)"));
        QCOMPARE(question.siblingIds.size(), 2); // the question before the edit is kept
        QVERIFY(replyEndedNormally());
    }

    // Every chat of this test is in the sidebar, newest first, named after its first question;
    // clicking one opens it.
    void conversationsAreInTheSidebar() {
        QQuickItem* list = findVisibleItem(window(), QStringLiteral("conversationList"));
        QVERIFY(list);
        const bool listed = waitUntil([&] { return list->property("count").toInt() >= 3; }, 10000);
        if (!listed) qWarning() << "sidebar rows:" << list->property("count");
        QVERIFY(listed);
        QStringList titles;
        for (QQuickItem* d : listDelegates(list, "conversationId"))
            titles << d->property("title").toString();
        QVERIFY2(titles.contains(QStringLiteral("Hello, who are you?")),
                 qPrintable(titles.join(QStringLiteral(" | "))));
        QVERIFY(titles.contains(QStringLiteral("Explain quantum physics in detail.")));
        const double current = chat()->conversationIdForQml();
        for (QQuickItem* d : listDelegates(list, "conversationId")) {
            if (d->property("title").toString() != QStringLiteral("Hello, who are you?")) continue;
            clickItem(window(), d);
            break;
        }
        QVERIFY(waitUntil(
            [&] { return chat()->conversationIdForQml() != current && messages()->count() == 2; },
            10000));
        QCOMPARE(messages()->at(0).text, QStringLiteral("Hello, who are you?\nAnswer briefly."));
        // The reply was saved whole, with its numbers.
        QCOMPARE(messages()->at(1).text, firstReply_);
        QVERIFY(messages()->at(1).generatedTokens > 0);
    }

    void searchWithCtrlK() {
        press(Qt::Key_K, Qt::ControlModifier);
        QQuickItem* field = findVisibleItem(window(), QStringLiteral("searchField"));
        QVERIFY(field);
        QVERIFY(waitUntil([&] { return field->hasActiveFocus(); }, 2000));
        typeText(window(), QStringLiteral("edited"));
        QQuickItem* results = nullptr;
        QVERIFY(waitUntil(
            [&] {
                results = findVisibleItem(window(), QStringLiteral("searchResults"));
                return results && !listDelegates(results, "messageId").isEmpty();
            },
            10000));
        clickItem(window(), listDelegates(results, "messageId").first());
        QVERIFY(waitUntil(
            [&] {
                // The hit's conversation, on the branch of the hit (the edited question).
                return messages()->count() >= 2 &&
                       messages()->at(0).text ==
                           QStringLiteral("Explain quantum physics in detail, again. (edited)");
            },
            10000));
        field->setProperty("text", QString());
    }

    void newChatWithCtrlN() {
        QVERIFY(messages()->count() > 0);
        press(Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(messages()->count(), 0);
    }

    // A reasoning model's reply (GLM-Z1: "<think>" … "</think>" then the answer), answered by
    // the test itself through the service's signals while the worker is held silent: the
    // thinking streams into an open "Thinking…" block, folds with its duration when the answer
    // starts, opens again on a click; the history keeps thinking and answer apart, and the next
    // question sends the model the answer alone.
    void aReasoningReplyShowsItsThinking() {
        glm::app::InferenceService* service = app_->inference();
        chat()->newChat();
        const quint64 before = service->lastRequestForTesting().id;
        service->holdAfterTokensForTesting(1); // the test model says nothing: the test answers
        type(QStringLiteral("What is 2+2?"));
        press(Qt::Key_Return);
        QVERIFY(waitUntil([&] { return service->lastRequestForTesting().id > before; }, 10000));
        const quint64 id = service->lastRequestForTesting().id;
        auto thinkingText = [&] {
            QQuickItem* text = findVisibleItem(window(), QStringLiteral("thinkingText"));
            return text ? text->property("text").toString() : QString();
        };
        auto title = [&] {
            QQuickItem* label = findVisibleItem(window(), QStringLiteral("thinkingTitle"));
            return label ? label->property("text").toString() : QString();
        };

        // The tags come split across pieces, as tokens cut them.
        emit service->tokens(id, QStringLiteral("<thi"));
        emit service->tokens(id, QStringLiteral("nk>\nLet me add: two"));
        QVERIFY(waitUntil([&] { return thinkingText() == QStringLiteral("Let me add: two"); }));
        QCOMPARE(title(), QStringLiteral("Thinking…"));
        QCOMPARE(lastText(), QString()); // no answer yet, and no tag shown as text
        emit service->tokens(id, QStringLiteral(" plus two is four.</th"));
        QVERIFY(waitUntil(
            [&] { return thinkingText() == QStringLiteral("Let me add: two plus two is four."); }));
        emit service->tokens(id, QStringLiteral("ink>\n\nIt is **4**."));
        // The answer starts: the block folds to its duration.
        QVERIFY(waitUntil([&] { return thinkingText().isEmpty(); }));
        QVERIFY2(title().startsWith(QStringLiteral("Thought for ")), qPrintable(title()));
        QCOMPARE(lastText(), QStringLiteral("It is **4**."));

        glm::app::GenerationResult result;
        result.id = id;
        result.text = QStringLiteral("<think>\nLet me add: two plus two is four.</think>\n\nIt "
                                     "is **4**.");
        result.generatedTokens = 16;
        result.tokensPerSecond = 8;
        emit service->finished(result);
        QVERIFY(waitUntil([&] { return replyDone(); }, 5000));
        service->stopGeneration(); // lets the held worker go (its late answer is ignored)
        service->holdAfterTokensForTesting(-1);
        QCOMPARE(lastText(), QStringLiteral("It is **4**."));
        QCOMPARE(lastState(), MessageItem::State::Complete);

        // The reader opens it again.
        clickItem(window(), findVisibleItem(window(), QStringLiteral("thinkingHeader")));
        QVERIFY(waitUntil(
            [&] { return thinkingText() == QStringLiteral("Let me add: two plus two is four."); },
            5000));

        // The history has the thinking and the answer apart, with the thinking's duration.
        std::optional<glm::history::ConversationThread> thread;
        app_->store()->loadThread(chat()->conversationId(), this, [&](const auto& r) {
            if (r.ok()) thread = r.value;
        });
        QVERIFY(waitUntil([&] { return thread.has_value(); }, 10000));
        const glm::history::Message& stored = thread->messages.last().message;
        QCOMPARE(stored.content, QStringLiteral("It is **4**."));
        QCOMPARE(stored.thinking, QStringLiteral("Let me add: two plus two is four."));
        QVERIFY(stored.thinkingMs.has_value());

        // The next question: the model is sent the earlier answer, not its thinking.
        setMaxNewTokens(4);
        type(QStringLiteral("And 3+3?"));
        press(Qt::Key_Return);
        QVERIFY(waitUntil([&] { return service->lastRequestForTesting().id > id; }, 10000));
        const QList<glm::app::ChatTurn> turns = service->lastRequestForTesting().turns;
        QCOMPARE(turns.size(), 3);
        QCOMPARE(turns[1].role, glm::app::ChatTurn::Role::Assistant);
        QCOMPARE(turns[1].text, QStringLiteral("It is **4**."));
        QVERIFY(waitUntil([&] { return replyDone(); }));
    }

    // Stopped mid-thought: the thinking stays, shown as unfinished, nothing lost, no answer.
    void aReplyStoppedWhileThinkingKeepsItsThinking() {
        glm::app::InferenceService* service = app_->inference();
        chat()->newChat();
        const quint64 before = service->lastRequestForTesting().id;
        service->holdAfterTokensForTesting(1);
        type(QStringLiteral("Think hard."));
        press(Qt::Key_Return);
        QVERIFY(waitUntil([&] { return service->lastRequestForTesting().id > before; }, 10000));
        const quint64 id = service->lastRequestForTesting().id;
        emit service->tokens(id, QStringLiteral("<think>First, the</th"));
        QVERIFY(
            waitUntil([&] { return messages()->at(1).thinking == QStringLiteral("First, the"); }));
        glm::app::GenerationResult result;
        result.id = id;
        result.text = QStringLiteral("<think>First, the</th");
        result.stop = glm::app::GenerationStop::Stopped;
        emit service->finished(result);
        QVERIFY(waitUntil([&] { return replyDone(); }, 5000));
        service->stopGeneration();
        service->holdAfterTokensForTesting(-1);
        QCOMPARE(messages()->at(1).thinking, QStringLiteral("First, the</th"));
        QCOMPARE(messages()->at(1).thinkingMs, qint64(-1));
        QCOMPARE(lastText(), QString());
        QCOMPARE(lastState(), MessageItem::State::Interrupted);
        QQuickItem* title = findVisibleItem(window(), QStringLiteral("thinkingTitle"));
        QVERIFY(title);
        QCOMPARE(title->property("text").toString(), QStringLiteral("Thinking (unfinished)"));
        QQuickItem* text = findVisibleItem(window(), QStringLiteral("thinkingText"));
        QVERIFY(text); // left open: it is all the reply has
        QCOMPARE(text->property("text").toString(), QStringLiteral("First, the</th"));
    }

    void settingsWithCtrlComma() {
        press(Qt::Key_Comma, Qt::ControlModifier);
        QQuickItem* close = nullptr;
        QVERIFY(waitUntil(
            [&] {
                return (close = findVisibleItem(window(), QStringLiteral("closeSettingsButton")));
            },
            5000));
        // Dark theme at once, from the Appearance tab's choice.
        app_->settingsModel()->setTheme(2);
        QVERIFY(waitUntil([&] { return window()->color().lightness() < 100; }, 2000));
        app_->settingsModel()->setTheme(1);
        QVERIFY(waitUntil([&] { return window()->color().lightness() > 200; }, 2000));
        clickItem(window(), close);
        QVERIFY(waitUntil(
            [&] { return !findVisibleItem(window(), QStringLiteral("closeSettingsButton")); },
            5000));
    }

    // Compact context memory is a per-model choice that applies when the model is loaded again:
    // the model then takes less memory (8-bit keys and values), and replies still come.
    void compactContextMemoryAppliesOnReload() {
        SettingsModel* settings = app_->settingsModel();
        const double before = app_->model()->memoryBytes();
        QVERIFY(!settings->compactKvCache());
        settings->setCompactKvCache(true);
        QVERIFY(settings->reloadNeeded());
        settings->applyReload();
        QVERIFY(waitUntil([&] { return !app_->model()->isReady(); }, 5000));
        QVERIFY(waitUntil([&] { return app_->model()->isReady(); }, 60000));
        const double after = app_->model()->memoryBytes();
        qInfo("model memory %.0f bytes with the 16-bit cache, %.0f with the 8-bit one", before,
              after);
        QVERIFY(after < before);
        settings->setCompactKvCache(false);
        settings->applyReload();
        QVERIFY(waitUntil([&] { return !app_->model()->isReady(); }, 5000));
        QVERIFY(waitUntil([&] { return app_->model()->isReady(); }, 60000));
        QCOMPARE(app_->model()->memoryBytes(), before);
    }

    // "System" follows the desktop while the app runs: the application palette turns dark
    // (the desktop switched), the window follows; back to light, it follows again.
    void systemThemeFollowsTheDesktop() {
        const QPalette desktop = QGuiApplication::palette();
        QVERIFY(desktop.color(QPalette::Window).lightness() > 128);
        app_->settingsModel()->setTheme(0);
        QVERIFY(waitUntil([&] { return window()->color().lightness() > 200; }, 2000));
        QPalette dark = desktop;
        dark.setColor(QPalette::Window, QColor(0x20, 0x21, 0x24));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        QGuiApplication::setPalette(dark);
        QVERIFY(waitUntil([&] { return window()->color().lightness() < 100; }, 2000));
        QGuiApplication::setPalette(desktop);
        QVERIFY(waitUntil([&] { return window()->color().lightness() > 200; }, 2000));
        app_->settingsModel()->setTheme(1);
    }

    // Switching the language translates the window at once, the sidebar's headings included,
    // in place: the conversation list is not read again (no reset, same rows).
    void languageSwitchTranslatesTheSidebarInPlace() {
        QQuickItem* list = findVisibleItem(window(), QStringLiteral("conversationList"));
        QVERIFY(list);
        auto* model = qobject_cast<QAbstractItemModel*>(list->property("model").value<QObject*>());
        QVERIFY(model);
        const int rows = model->rowCount();
        QVERIFY(rows >= 3);
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
        auto heading = [&] {
            QQuickItem* h = findVisibleItem(window(), QStringLiteral("sectionHeading"));
            return h ? h->property("text").toString() : QString();
        };
        auto newChatButton = [&] {
            QQuickItem* b = findVisibleItem(window(), QStringLiteral("newChatButton"));
            return b ? b->property("text").toString() : QString();
        };
        QCOMPARE(heading(), QStringLiteral("Today"));
        app_->settingsModel()->setLanguage(QStringLiteral("zh_CN"));
        QVERIFY2(waitUntil([&] { return heading() == QStringLiteral("今天"); }, 3000),
                 qPrintable(heading()));
        QCOMPARE(newChatButton(), QStringLiteral("新对话"));
        app_->settingsModel()->setLanguage(QStringLiteral("en"));
        QVERIFY2(waitUntil([&] { return heading() == QStringLiteral("Today"); }, 3000),
                 qPrintable(heading()));
        QCOMPARE(newChatButton(), QStringLiteral("New chat"));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(model->rowCount(), rows);
    }

    // The engine fails in the middle of a reply (the device stopped responding): the partial
    // reply stays on screen and in the history, marked with what happened; the window offers
    // to load the model again, and after that the chat goes on.
    void engineErrorMidReplyKeepsThePartialReply() {
        press(Qt::Key_N, Qt::ControlModifier);
        setMaxNewTokens(100);
        app_->inference()->failAfterTokensForTesting(6);
        type(QStringLiteral("Tell me a story."));
        press(Qt::Key_Return);
        QVERIFY(waitUntil([&] { return messages()->count() == 2 && replyDone(); }, 60000));
        app_->inference()->failAfterTokensForTesting(-1);
        QCOMPARE(lastState(), MessageItem::State::Error);
        QVERIFY(!lastText().isEmpty());
        const QString why = messages()->at(1).errorText;
        QVERIFY2(why.contains(QStringLiteral("stopped responding")), qPrintable(why));
        QQuickItem* notice = nullptr;
        QVERIFY(waitUntil(
            [&] { return (notice = findVisibleItem(window(), QStringLiteral("messageNotice"))); },
            2000));
        QCOMPARE(notice->property("text").toString(), why);
        QQuickItem* banner = findVisibleItem(window(), QStringLiteral("modelLostBanner"));
        QVERIFY(banner);
        QVERIFY(!chat()->canSend());

        // Stored as it was shown: the partial text, marked as an error.
        const double conversation = chat()->conversationIdForQml();
        const QString partial = lastText();
        press(Qt::Key_N, Qt::ControlModifier);
        chat()->openConversation(conversation);
        QVERIFY(waitUntil([&] { return messages()->count() == 2; }, 10000));
        QCOMPARE(lastText(), partial);
        QCOMPARE(lastState(), MessageItem::State::Error);
        QCOMPARE(messages()->at(1).errorText, why);

        QQuickItem* loadAgain = nullptr;
        QVERIFY(waitUntil(
            [&] { return (loadAgain = findVisibleItem(window(), QStringLiteral("bannerAction"))); },
            2000));
        clickItem(window(), loadAgain);
        QVERIFY(waitUntil([&] { return app_->model()->isReady(); }, 60000));
        QVERIFY(!findVisibleItem(window(), QStringLiteral("modelLostBanner")));
        setMaxNewTokens(8);
        QVERIFY(chat()->canRegenerate());
        QSignalSpy generating(chat(), &ChatController::generatingChanged);
        chat()->regenerate();
        QVERIFY(!generating.isEmpty());
        QVERIFY(waitUntil([&] { return replyDone(); }, 60000));
        QVERIFY(replyEndedNormally());
        press(Qt::Key_N, Qt::ControlModifier);
    }

    // A file that is not a model: the window says why and what to do; a good model loads after.
    // While a model is loaded, the bad file does not cost it: it stays, with a notice.
    void aBadModelFileIsExplained() {
        const QString bad = dir_.filePath(QStringLiteral("broken.gguf"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("GGUF but not really");
        f.close();
        QVERIFY(app_->model()->isReady());
        const QString loaded = app_->model()->modelPath();
        app_->model()->loadModel(bad);
        QVERIFY(waitUntil(
            [&] { return app_->model()->isReady() && !app_->model()->notice().isEmpty(); }));
        QCOMPARE(app_->model()->modelPath(), loaded);
        QVERIFY2(app_->model()->notice().contains(QStringLiteral("broken.gguf")) &&
                     app_->model()->notice().contains(QStringLiteral("not a usable GLM model")),
                 qPrintable(app_->model()->notice()));
        QVERIFY(chat()->canSend());
        app_->model()->dismissNotice();
        // With no model loaded, the failure is the window's main message.
        app_->model()->unloadModel();
        app_->model()->loadModel(bad);
        QVERIFY(
            waitUntil([&] { return app_->model()->status() == ModelController::Status::Failed; }));
        QQuickItem* reason = nullptr;
        QVERIFY(waitUntil(
            [&] { return (reason = findVisibleItem(window(), QStringLiteral("failureReason"))); },
            5000));
        QVERIFY(
            reason->property("text").toString().contains(QStringLiteral("not a usable GLM model")));
        QVERIFY(!chat()->canSend());
        app_->model()->loadModel(modelPath_);
        QVERIFY(waitUntil([&] { return app_->model()->isReady(); }, 60000));
        QVERIFY(chat()->canSend());
    }

    // A .gguf file dropped on the window is opened; another kind of file is refused as it is
    // dragged in (the drop area does not accept it).
    void dropAModelFileOnTheWindow() {
        const QString copy = dir_.filePath(QStringLiteral("dropped-chatglm3.gguf"));
        QVERIFY(QFile::copy(modelPath_, copy));
        const QString text = dir_.filePath(QStringLiteral("notes.txt"));
        QFile notes(text);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.close();
        const QPointF centre(window()->width() / 2.0, window()->height() / 2.0);
        auto dragAndDrop = [&](const QString& path) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(path)});
            QDragEnterEvent enter(centre.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton,
                                  Qt::NoModifier);
            QCoreApplication::sendEvent(window(), &enter);
            const bool accepted = enter.isAccepted();
            if (accepted) {
                QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
                QCoreApplication::sendEvent(window(), &drop);
            } else {
                QDragLeaveEvent leave;
                QCoreApplication::sendEvent(window(), &leave);
            }
            return accepted;
        };
        QVERIFY(!dragAndDrop(text));
        QCOMPARE(app_->model()->modelPath(), modelPath_);
        // Loading runs on the inference thread: the UI thread's 5 ms timer stays on time.
        UiLatenessProbe probe(this);
        QElapsedTimer clock;
        clock.start();
        probe.start();
        QVERIFY(dragAndDrop(copy));
        QVERIFY(waitUntil(
            [&] { return app_->model()->isReady() && app_->model()->modelPath() == copy; }, 60000));
        probe.stop();
        qInfo("UI thread while a model loaded (%.0f ms, %d ticks): worst lateness %.1f ms (%.1f ms "
              "before taking out the wait for a core)",
              clock.elapsed() * 1.0, probe.ticks(), probe.worstMs(), probe.worstWallMs());
        QVERIFY2(probe.worstMs() < 50, qPrintable(QStringLiteral("%1 ms").arg(probe.worstMs())));
    }

    // Size and place are saved when the app ends and restored at the next start, and the model
    // used last is loaded again.
    void windowPlaceAndSizeAreRemembered() {
        const QRect place(60, 40, 900, 640);
        window()->setGeometry(place);
        QVERIFY(waitUntil([&] { return window()->geometry() == place; }, 2000));
        const QString lastModel = app_->model()->modelPath();
        app_.reset();
        const auto data = glm::app::DataDirectory::resolve(dir_.filePath(QStringLiteral("data")));
        app_ = std::make_unique<ChatApp>(glm::app::LaunchOptions{}, data);
        QVERIFY(app_->start());
        QVERIFY(QTest::qWaitForWindowExposed(window()));
        QCOMPARE(window()->geometry(), place);
        QVERIFY(waitUntil([&] { return app_->model()->isReady(); }, 60000));
        QCOMPARE(app_->model()->modelPath(), lastModel);
        // A start with a model to chat with opens no dialog.
        QVERIFY(!modelManagerOpen());
    }

    // The very first start (no model ever used) opens the model manager by itself, once; after
    // that the first-run view offers it with a button.
    void firstStartOpensTheModelManager() {
        app_.reset();
        const auto data =
            glm::app::DataDirectory::resolve(dir_.filePath(QStringLiteral("first-run-data")));
        QString error;
        QVERIFY(data.prepare(&error));
        for (const bool first : {true, false}) {
            app_ = std::make_unique<ChatApp>(glm::app::LaunchOptions{}, data);
            QVERIFY(app_->start());
            QVERIFY(QTest::qWaitForWindowExposed(window()));
            if (first)
                QVERIFY(waitUntil([&] { return modelManagerOpen(); }, 5000));
            else
                QVERIFY(!modelManagerOpen());
            QVERIFY(findVisibleItem(window(), QStringLiteral("firstRunDownloadButton")));
            app_.reset();
        }
    }
};

QTEST_MAIN(TestChatWindow)
#include "tst_chat_window.moc"
