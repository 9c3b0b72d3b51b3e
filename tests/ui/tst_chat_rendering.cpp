// How messages are drawn in the real chat view (ChatApp, Main.qml) offscreen, no model needed:
// text that looks like HTML is shown as written, images are never fetched, emphasis with
// underscores is italic, a megabyte of text is built only where it is seen, and the view shows a
// new message and keeps its place when another branch is shown.
#include "chat_app.h"
#include "quick_lsan_suppressions.h"
#include "ui_lateness_probe.h"
#include "viewmodels/chat_controller.h"
#include "viewmodels/markdown_html.h"
#include "viewmodels/markdown_segmenter.h"
#include "viewmodels/message_list_model.h"
#include "viewmodels/ui_setup.h"
#include "window_test_support.h"

#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQuickTextDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

using namespace glm::test;

namespace {

MessageItem message(qint64 id, MessageItem::Role role, const QString& text) {
    MessageItem m;
    m.id = id;
    m.parentId = id - 1;
    m.role = role;
    m.text = text;
    m.siblingIds = {id};
    return m;
}

QTextDocument* documentOf(QQuickItem* segment) {
    auto* item = segment->property("item").value<QQuickItem*>();
    auto* document = item ? item->property("textDocument").value<QQuickTextDocument*>() : nullptr;
    return document ? document->textDocument() : nullptr;
}

// The formats of the document's fragments whose text is exactly `text`.
QList<QTextCharFormat> formatsOf(QTextDocument* document, const QString& text) {
    QList<QTextCharFormat> out;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().text() == text) out << it.fragment().charFormat();
    return out;
}

bool hasImage(QTextDocument* document) {
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat()) return true;
    return false;
}

} // namespace

class TestChatRendering : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<ChatApp> app_;

    QQuickWindow* window() const { return app_->window(); }
    MessageListModel* messages() const { return app_->chat()->messages(); }
    QQuickItem* chatView() const { return findVisibleItem(window(), QStringLiteral("chatView")); }

    // The pieces of messages that are built now (their text item exists).
    QList<QQuickItem*> builtSegments() const {
        QList<QQuickItem*> out;
        for (QQuickItem* s : findItems(window(), QStringLiteral("messageSegment")))
            if (s->property("item").value<QQuickItem*>()) out << s;
        return out;
    }

    // Waits until the pieces near the view are built (they are built in the background).
    void settle(const QString& ofText) {
        QVERIFY(waitUntil(
            [&] {
                bool any = false;
                for (QQuickItem* s : findItems(window(), QStringLiteral("messageSegment"))) {
                    if (!s->property("active").toBool()) continue;
                    if (s->property("status").toInt() != 1 /* Loader.Ready */) return false;
                    any = any || ofText.contains(s->property("segmentText").toString());
                }
                return any;
            },
            20000));
    }

    // Shows the messages and waits until the view has built what it shows of the last one.
    void show(const QList<MessageItem>& items) {
        messages()->setMessages({});
        messages()->setMessages(items);
        settle(items.last().text);
    }

    QTextDocument* shownDocument(const QString& containing) {
        for (QQuickItem* s : builtSegments())
            if (s->property("segmentText").toString().contains(containing)) return documentOf(s);
        return nullptr;
    }

    void scrollTo(qreal contentY, const QString& ofText) {
        chatView()->setProperty("contentY", contentY);
        settle(ofText);
    }

private slots:
    void initTestCase() {
        glm::ui::setUpUi();
        const auto data = glm::app::DataDirectory::resolve(dir_.filePath(QStringLiteral("data")));
        QString error;
        QVERIFY(data.prepare(&error));
        app_ = std::make_unique<ChatApp>(glm::app::LaunchOptions{}, data);
        QVERIFY(app_->start());
        QVERIFY(QTest::qWaitForWindowExposed(window()));
    }
    void cleanupTestCase() { app_.reset(); }

    // Defect 2: "#include <vector> is a C++ header" showed as "#include".
    void textThatLooksLikeHtmlIsShownAsWritten_data() {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("shown");
        QTest::newRow("include") << QStringLiteral("#include <vector> is a C++ header; use it.")
                                 << QStringLiteral("#include <vector> is a C++ header; use it.");
        QTest::newRow("generic") << QStringLiteral("A Vec<String> holds strings.")
                                 << QStringLiteral("A Vec<String> holds strings.");
        QTest::newRow("script") << QStringLiteral("use the <script> tag to add code.")
                                << QStringLiteral("use the <script> tag to add code.");
        QTest::newRow("less") << QStringLiteral("if a<b and c>d then")
                              << QStringLiteral("if a<b and c>d then");
        QTest::newRow("block") << QStringLiteral("<div>\nhidden?\n</div>")
                               << QStringLiteral("<div> hidden? </div>");
        QTest::newRow("code") << QStringLiteral("Inline `Vec<T>` and **bold <b>**.")
                              << QStringLiteral("Inline Vec<T> and bold <b>.");
    }
    void textThatLooksLikeHtmlIsShownAsWritten() {
        QFETCH(QString, markdown);
        QFETCH(QString, shown);
        QTextDocument converted;
        converted.setHtml(MarkdownHtml::toHtml(markdown));
        // (Line breaks inside a paragraph are spaces.)
        QCOMPARE(converted.toPlainText().simplified(), shown);

        show({message(1, MessageItem::Role::User, QStringLiteral("question")),
              message(2, MessageItem::Role::Assistant, markdown)});
        QTextDocument* document = shownDocument(markdown);
        QVERIFY(document);
        QCOMPARE(document->toPlainText().simplified(), shown);
    }

    // Friction: "_it_" was underlined; emphasis is italic (CommonMark, GitHub). Inline code stays
    // monospace.
    void underscoresAreItalic() {
        show({message(1, MessageItem::Role::User, QStringLiteral("q")),
              message(2, MessageItem::Role::Assistant,
                      QStringLiteral("An _it_ word, a *star* word and `code`."))});
        QTextDocument* document = shownDocument(QStringLiteral("_it_"));
        QVERIFY(document);
        for (const QString& emphasis : {QStringLiteral("it"), QStringLiteral("star")}) {
            const QList<QTextCharFormat> formats = formatsOf(document, emphasis);
            QCOMPARE(formats.size(), 1);
            QVERIFY(formats[0].fontItalic());
            QVERIFY(!formats[0].fontUnderline());
        }
        const QList<QTextCharFormat> code = formatsOf(document, QStringLiteral("code"));
        QCOMPARE(code.size(), 1);
        QTextDocument qtMarkdown;
        qtMarkdown.setMarkdown(QStringLiteral("`code`"));
        const QList<QTextCharFormat> qtCode = formatsOf(&qtMarkdown, QStringLiteral("code"));
        QCOMPARE(qtCode.size(), 1);
        QCOMPARE(code[0].fontFamilies(), qtCode[0].fontFamilies());
    }

    // Defect 3: an image in a reply made the app GET its URL. It is shown as a link instead,
    // and no connection reaches a server the image points at.
    void imagesAreNeverFetched() {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QSignalSpy connections(&server, &QTcpServer::newConnection);
        const QString base = QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort());
        const QString markdown =
            QStringLiteral("See ![the diagram](%1leak?secret=42) and "
                           "![](%1blank.png)\n\n| a |\n|---|\n| ![cell](%1cell) |\n")
                .arg(base);

        QTextDocument converted;
        MarkdownHtml::fill(&converted, markdown);
        QVERIFY(!hasImage(&converted));
        QVERIFY(!MarkdownHtml::toHtml(markdown).contains(QStringLiteral("<img")));

        show({message(1, MessageItem::Role::User, QStringLiteral("q")),
              message(2, MessageItem::Role::Assistant, markdown)});
        QTextDocument* document = shownDocument(QStringLiteral("diagram"));
        QVERIFY(document);
        QVERIFY(!hasImage(document));
        const QList<QTextCharFormat> link = formatsOf(document, QStringLiteral("the diagram"));
        QCOMPARE(link.size(), 1);
        QCOMPARE(link[0].anchorHref(), base + QStringLiteral("leak?secret=42"));
        QVERIFY(document->toPlainText().contains(base + QStringLiteral("blank.png")));
        QTextDocument* table = shownDocument(QStringLiteral("![cell]"));
        QVERIFY(table);
        QVERIFY(!hasImage(table));
        QCOMPARE(formatsOf(table, QStringLiteral("cell")).size(), 1);
        // Drawn; a request would have been made by now. Allow it a while to arrive anyway.
        QVERIFY(!connections.wait(1500));
        QCOMPARE(connections.count(), 0);
    }

    // Defect 4: a megabyte message froze the window for minutes. Only the pieces near the
    // screen are built, each of bounded size, wherever the view is.
    void megabyteMessagesAreBuiltOnlyWhereSeen() {
        QString pasted;
        for (int i = 0; i < 8000; ++i)
            pasted += QStringLiteral("Line %1 of a pasted document <with> some text.\n").arg(i);
        pasted += QStringLiteral("one huge line ").repeated(40'000);
        QString reply;
        for (int i = 0; i < 8000; ++i)
            reply += QStringLiteral("Paragraph %1 says something *useful* about <T>.\n\n").arg(i);
        reply += QStringLiteral("word ").repeated(80'000) + QStringLiteral("\n\n```python\n");
        for (int i = 0; i < 8000; ++i) reply += QStringLiteral("x_%1 = f(%1)\n").arg(i);
        reply += QStringLiteral("```\n");
        QVERIFY(pasted.size() > 900'000 && reply.size() > 900'000);

        // For the log only (no assertion on time): how long showing took, and the longest time
        // the UI thread was busy without a break.
        UiLatenessProbe probe(this);
        probe.start();
        QElapsedTimer clock;
        clock.start();
        show({message(1, MessageItem::Role::User, pasted),
              message(2, MessageItem::Role::Assistant, reply)});
        probe.stop();
        qInfo("a chat of %lld characters shown after %lld ms; the UI thread was busy for at most "
              "%.0f ms at a time",
              qint64(pasted.size() + reply.size()), clock.elapsed(), probe.worstWallMs());

        const int totalSegments = int(findItems(window(), QStringLiteral("messageSegment")).size());
        const auto checkBuilt = [&] {
            const QList<QQuickItem*> built = builtSegments();
            QVERIFY(!built.isEmpty());
            QVERIFY2(built.size() <= 80, qPrintable(QString::number(built.size())));
            for (QQuickItem* s : built)
                QVERIFY(s->property("segmentText").toString().size() <=
                        MarkdownSegmenter::kMaxSegmentChars + 2);
        };
        checkBuilt();
        QVERIFY2(totalSegments > 200, qPrintable(QString::number(totalSegments)));

        QQuickItem* view = chatView();
        for (const qreal at : {0.1, 0.5, 0.9, 1.0}) {
            const qreal top = view->property("originY").toReal();
            const qreal range = view->property("contentHeight").toReal() - view->height();
            scrollTo(top + at * range, pasted + reply);
            checkBuilt();
        }
    }

    // Friction: after Send (or Regenerate) the view showed the new message only if it was at the
    // bottom already. A message added (sent, or a new reply) is announced to the view, which
    // then follows the end; showing a conversation or another branch is not such a message.
    void aNewMessageIsAnnounced() {
        MessageListModel model;
        QSignalSpy added(&model, &MessageListModel::messageAdded);
        model.setMessages({message(1, MessageItem::Role::User, QStringLiteral("q")),
                           message(2, MessageItem::Role::Assistant, QStringLiteral("a"))});
        QCOMPARE(added.size(), 0);
        model.append(message(3, MessageItem::Role::User, QStringLiteral("new")));
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().at(0).toInt(), 2);
    }

    // Friction: showing another version of a message reset the list, and the view jumped to the
    // top. The rows before the switched message stay as they are (no reset); the view keeps its
    // place.
    void anotherBranchDoesNotResetTheList() {
        MessageListModel model;
        QList<MessageItem> items;
        for (int i = 1; i <= 10; ++i)
            items << message(i, i % 2 ? MessageItem::Role::User : MessageItem::Role::Assistant,
                             QStringLiteral("Message %1").arg(i));
        model.setMessages(items);
        SegmentListModel* kept =
            model.data(model.index(3), MessageListModel::SegmentsRole).value<SegmentListModel*>();
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QList<MessageItem> other = items.mid(0, 6);
        MessageItem version = message(100, MessageItem::Role::User, QStringLiteral("Edited"));
        version.parentId = 6;
        version.siblingIds = {7, 100};
        version.siblingIndex = 1;
        other << version << message(101, MessageItem::Role::Assistant, QStringLiteral("Reply"));
        model.setMessages(other);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.count(), 8);
        QCOMPARE(model.at(6).id, 100);
        QCOMPARE(model.at(7).text, QStringLiteral("Reply"));
        for (const QList<QVariant>& change : changed)
            QVERIFY(change.at(0).toModelIndex().row() >= 6); // rows 0..5 untouched
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 8);
        QCOMPARE(
            model.data(model.index(3), MessageListModel::SegmentsRole).value<SegmentListModel*>(),
            kept);
    }

    // The delegate tells messages apart by the model's enums (MessageListModel.User,
    // MessageListModel.Error), not by strings: who wrote it, and whether it failed.
    void messagesAreToldApartByTheirEnums() {
        MessageItem question = message(1, MessageItem::Role::User, QStringLiteral("Question"));
        MessageItem reply = message(2, MessageItem::Role::Assistant, QStringLiteral("Half"));
        reply.state = MessageItem::State::Error;
        reply.errorText = QStringLiteral("The device was lost.");
        show({question, reply});
        QTRY_VERIFY(findVisibleItem(window(), QStringLiteral("userMessage")));
        QTRY_VERIFY(findVisibleItem(window(), QStringLiteral("assistantMessage")));
        QQuickItem* notice = nullptr;
        QTRY_VERIFY((notice = findVisibleItem(window(), QStringLiteral("messageNotice"))));
        QCOMPARE(notice->property("isError").toBool(), true);
        reply.state = MessageItem::State::Interrupted;
        messages()->update(1, reply);
        QTRY_COMPARE(notice->property("isError").toBool(), false);
    }

    // The About box's "Copy diagnostics" in the real window: the app's versions and the lines
    // its logging categories wrote since it started (the history store it opened among them).
    void aboutBoxCopiesDiagnostics() {
        QGuiApplication::clipboard()->clear();
        QVERIFY(QMetaObject::invokeMethod(window(), "openAbout"));
        QQuickItem* copy = nullptr;
        QTRY_VERIFY((copy = findVisibleItem(window(), QStringLiteral("copyDiagnosticsButton"))));
        clickItem(window(), copy);
        QTRY_VERIFY(findVisibleItem(window(), QStringLiteral("diagnosticsCopiedLabel")));
        const QString text = QGuiApplication::clipboard()->text();
        QVERIFY2(text.startsWith(QStringLiteral("GLM Chat diagnostics\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("App version: ") + QStringLiteral(GLM_APP_VERSION)),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("glm.app: GLM Chat")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("glm.history: history opened:")), qPrintable(text));
        clickItem(window(), findVisibleItem(window(), QStringLiteral("closeAboutButton")));
        QTRY_VERIFY(!findVisibleItem(window(), QStringLiteral("copyDiagnosticsButton")));
    }
};

QTEST_MAIN(TestChatRendering)
#include "tst_chat_rendering.moc"
