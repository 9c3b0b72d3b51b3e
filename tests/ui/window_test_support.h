// Driving the real glm-chat window offscreen in tests: find items by objectName, click them,
// type into them, and wait for conditions while the event loop runs.
#pragma once

#include <QElapsedTimer>
#include <QPointer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtTest>
#include <functional>

namespace glm::test {

inline void collectItems(QQuickItem* root, const QString& name, QList<QQuickItem*>* out) {
    if (!root) return;
    if (root->objectName() == name) out->append(root);
    for (QQuickItem* child : root->childItems()) collectItems(child, name, out);
}

// Every item named `name` (popups included: they live under the window's overlay).
inline QList<QQuickItem*> findItems(QQuickWindow* window, const QString& name) {
    QList<QQuickItem*> out;
    QQuickItem* root = window->contentItem();
    while (root->parentItem()) root = root->parentItem();
    collectItems(root, name, &out);
    return out;
}

inline QQuickItem* findVisibleItem(QQuickWindow* window, const QString& name) {
    for (QQuickItem* item : findItems(window, name))
        if (item->isVisible()) return item;
    return nullptr;
}

inline void clickItem(QQuickWindow* window, QQuickItem* item) {
    QVERIFY(item);
    // Positioners and layouts place their children when the window polishes: let that happen
    // so the click lands where the item is drawn.
    QPointer<QQuickItem> guard(item);
    QTest::qWait(100);
    QVERIFY(guard);
    const QPoint p = item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint();
    QTest::mouseClick(window, Qt::LeftButton, {}, p);
}

// The delegates a ListView shows now (items of its content item with the given property).
inline QList<QQuickItem*> listDelegates(QQuickItem* listView, const char* property) {
    QList<QQuickItem*> out;
    auto* content = listView ? listView->property("contentItem").value<QQuickItem*>() : nullptr;
    if (!content) return out;
    for (QQuickItem* child : content->childItems())
        if (child->isVisible() && child->property(property).isValid()) out.append(child);
    return out;
}

// Types text into the focused item, one key event per character (any script).
inline void typeText(QQuickWindow* window, const QString& text) {
    for (QChar c : text) {
        const Qt::Key key = c == u' ' ? Qt::Key_Space : Qt::Key_unknown;
        QTest::sendKeyEvent(QTest::Press, window, key, QString(c), Qt::NoModifier);
        QTest::sendKeyEvent(QTest::Release, window, key, QString(c), Qt::NoModifier);
    }
}

// Waits (running the event loop) until `condition` holds; false after `timeoutMs`.
inline bool waitUntil(const std::function<bool()>& condition, int timeoutMs = 30000) {
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs) return false;
        QTest::qWait(10);
    }
    return true;
}

} // namespace glm::test
