// The sidebar and search QML components, running offscreen against a real store: they load
// without a single QML warning, show the conversations, and turn clicks into their signals.
#include "history_fixtures.h"
#include "viewmodels/conversation_list_model.h"
#include "viewmodels/search_model.h"

#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

using namespace glm::history;
using namespace glm::history::test;

namespace {

QStringList g_qmlWarnings;
QtMessageHandler g_previousHandler = nullptr;

void collectWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    // The app's own categories (glm.*) log what happened for bug reports, such as a damaged
    // history file this test gives the store on purpose; only the views' warnings count here.
    const bool appLog = context.category && qstrncmp(context.category, "glm.", 4) == 0;
    if (type != QtDebugMsg && type != QtInfoMsg && !appLog) g_qmlWarnings.append(message);
    g_previousHandler(type, context, message);
}

const char* const kWrapper = R"(
import QtQuick
import QtQuick.Controls
import GlmChat

ApplicationWindow {
    id: wrapper
    width: 360
    height: 640
    visible: true
    required property ConversationListModel conversations
    required property SearchModel searchResults
    property alias sidebar: sidebar
    ConversationSidebar {
        id: sidebar
        anchors.fill: parent
        conversations: wrapper.conversations
        searchResults: wrapper.searchResults
    }
}
)";

QQuickItem* itemAt(QQuickItem* listView, int index) {
    QQuickItem* item = nullptr;
    QMetaObject::invokeMethod(listView, "itemAtIndex", Q_RETURN_ARG(QQuickItem*, item),
                              Q_ARG(int, index));
    return item;
}

// GLM_HISTORY_SCREENSHOTS=DIR saves what the views look like, for a person to check.
void screenshot(QQuickWindow* window, const char* name) {
    const QByteArray dir = qgetenv("GLM_HISTORY_SCREENSHOTS");
    if (!dir.isEmpty())
        window->grabWindow().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') +
                                  QLatin1String(name) + QStringLiteral(".png"));
}

void click(QQuickWindow* window, QQuickItem* item) {
    const QPointF center = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, center.toPoint());
}

} // namespace

class TestHistoryViews : public QObject {
    Q_OBJECT

    QQmlApplicationEngine* m_engine = nullptr;

    QQuickWindow* load(ConversationStore* store) {
        auto* component = new QQmlComponent(m_engine, m_engine);
        component->setData(kWrapper, QUrl(QStringLiteral("qrc:/tests/Wrapper.qml")));
        if (!component->isReady()) {
            for (const char* file : {"ConversationSidebar", "SearchPanel", "ConversationDelegate",
                                     "SearchResultList"}) {
                QQmlComponent part(
                    m_engine, QUrl(QStringLiteral("qrc:/GlmChat/%1.qml").arg(QLatin1String(file))));
                qWarning() << file << part.errors();
            }
            return nullptr;
        }
        // Made in C++ with the store, as the app's composition root makes them.
        auto conversations = std::make_unique<ConversationListModel>();
        conversations->setStore(store);
        auto searchResults = std::make_unique<SearchModel>();
        searchResults->setStore(store);
        QObject* object = component->createWithInitialProperties(
            {{QStringLiteral("conversations"), QVariant::fromValue(conversations.get())},
             {QStringLiteral("searchResults"), QVariant::fromValue(searchResults.get())}});
        if (!object) return nullptr;
        // They go with the window that shows them.
        conversations.release()->setParent(object);
        searchResults.release()->setParent(object);
        auto* window = qobject_cast<QQuickWindow*>(object);
        if (window && !QTest::qWaitForWindowExposed(window)) return nullptr;
        return window;
    }

private slots:
    void initTestCase() { g_previousHandler = qInstallMessageHandler(collectWarnings); }

    void init() {
        g_qmlWarnings.clear();
        m_engine = new QQmlApplicationEngine;
        // Qt 6.4 keeps the module at qrc:/GlmChat/ (no default qrc:/qt/qml import path yet).
        m_engine->addImportPath(QStringLiteral("qrc:/"));
    }

    void cleanup() {
        delete m_engine;
        m_engine = nullptr;
        QVERIFY2(g_qmlWarnings.isEmpty(), qPrintable(g_qmlWarnings.join(QLatin1Char('\n'))));
    }

    void listsConversationsAndReportsClicks() {
        QTemporaryDir dir;
        qint64 untitledId = 0;
        {
            ConversationDatabase db(optionsFor(dir.path()));
            ConversationTable table(db.connection());
            for (const char* title : {"Vulkan on AMD", "量化问题", ""})
                untitledId = table.create({}, {}, QString::fromUtf8(title)).value.id;
            MessageTree(db.connection())
                .add(1, 0, MessageRole::User, QStringLiteral("How fast is lavapipe?"));
            // Distinct activity times (all of it can happen within one millisecond).
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            setUpdated(db.connection(), 1, now);
            setUpdated(db.connection(), untitledId, now - 1000);
            setUpdated(db.connection(), 2, now - 2000);
        }
        ConversationStore store(optionsFor(dir.path()));
        QQuickWindow* window = load(&store);
        QVERIFY(window);
        QObject* sidebar = window->property("sidebar").value<QObject*>();
        auto* list = sidebar->findChild<QQuickItem*>(QStringLiteral("conversationList"));
        QVERIFY(list);
        QTRY_COMPARE(list->property("count").toInt(), 3);
        QTRY_VERIFY(itemAt(list, 1) != nullptr);

        // The one with a message is the most recent; next the untitled one, as "New conversation".
        QCOMPARE(itemAt(list, 0)->property("shownTitle").toString(),
                 QStringLiteral("Vulkan on AMD"));
        QQuickItem* untitled = itemAt(list, 1);
        QCOMPARE(untitled->property("shownTitle").toString(), QStringLiteral("New conversation"));
        screenshot(window, "sidebar");
        QSignalSpy selected(sidebar, SIGNAL(conversationSelected(int)));
        click(window, untitled);
        QTRY_COMPARE(selected.count(), 1);
        QCOMPARE(selected.first().first().toLongLong(), untitledId);

        // The current conversation is highlighted.
        sidebar->setProperty("currentConversationId", int(untitledId));
        QTRY_VERIFY(itemAt(list, 1)->property("highlighted").toBool());
        QVERIFY(!itemAt(list, 0)->property("highlighted").toBool());

        // Delete from the delegate, then undo from the bar.
        QMetaObject::invokeMethod(itemAt(list, 1), "deleteRequested", Q_ARG(int, int(untitledId)));
        QTRY_COMPARE(list->property("count").toInt(), 2);
        auto* undoBar = sidebar->findChild<QQuickItem*>(QStringLiteral("undoBar"));
        QTRY_VERIFY(undoBar->isVisible());
        auto* undo = undoBar->findChild<QQuickItem*>(QStringLiteral("undoButton"));
        click(window, undo);
        QTRY_COMPARE(list->property("count").toInt(), 3);

        // Search replaces the list with results; clicking one names conversation and message.
        auto* field = sidebar->findChild<QQuickItem*>(QStringLiteral("searchField"));
        auto* results = sidebar->findChild<QQuickItem*>(QStringLiteral("searchResults"));
        QVERIFY(field && results);
        QVERIFY(!results->isVisible());
        field->setProperty("text", QStringLiteral("lavapipe"));
        QVERIFY(results->isVisible());
        QVERIFY(!list->isVisible());
        QTRY_COMPARE(results->property("count").toInt(), 1);
        QTRY_VERIFY(itemAt(results, 0) != nullptr);
        QVERIFY(itemAt(results, 0)
                    ->property("snippet")
                    .toString()
                    .contains(QStringLiteral("<b>lavapipe</b>")));
        // The match is the user's own message (SearchModel.User), and says so.
        auto* resultText =
            itemAt(results, 0)->findChild<QQuickItem*>(QStringLiteral("searchResultText"));
        QVERIFY(resultText);
        QVERIFY2(resultText->property("text").toString().startsWith(QStringLiteral("You: ")),
                 qPrintable(resultText->property("text").toString()));
        screenshot(window, "search");
        QSignalSpy activated(sidebar, SIGNAL(searchResultActivated(int, int)));
        click(window, itemAt(results, 0));
        QTRY_COMPARE(activated.count(), 1);
        QCOMPARE(activated.first().at(0).toInt(), 1);
        QVERIFY(activated.first().at(1).toInt() > 0);
        field->setProperty("text", QString());
        QVERIFY(list->isVisible());
    }

    void showsTheStoreNotice() {
        QTemporaryDir dir;
        {
            QFile junk(dir.filePath(QStringLiteral("chats.sqlite")));
            QVERIFY(junk.open(QIODevice::WriteOnly));
            junk.write(QByteArray(5000, 'j'));
        }
        ConversationStore store(optionsFor(dir.path()));
        QQuickWindow* window = load(&store);
        QVERIFY(window);
        QObject* sidebar = window->property("sidebar").value<QObject*>();
        auto* notice = sidebar->findChild<QQuickItem*>(QStringLiteral("storeNotice"));
        QVERIFY(notice);
        QTRY_VERIFY(notice->isVisible());
        QVERIFY(notice->property("text").toString().contains(QStringLiteral("damaged")));
        screenshot(window, "notice");
        QMetaObject::invokeMethod(notice, "dismissed");
        QTRY_VERIFY(!notice->isVisible());
    }
};

QTEST_MAIN(TestHistoryViews)
#include "tst_history_views.moc"
