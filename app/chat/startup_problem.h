// Why glm-chat cannot start, in a window (StartupProblemWindow.qml): a person who double-clicked
// the app sees no terminal. Used by main() before the main window exists.
#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <memory>

class QQmlApplicationEngine;
class QQuickWindow;

class StartupProblem : public QObject {
    Q_OBJECT
public:
    StartupProblem();
    ~StartupProblem() override;

    // Shows `message` (offering another data folder when `offerFolder`); `answered` follows.
    bool show(const QString& message, bool offerFolder);
    QQuickWindow* window() const;

    // Shows the window and waits: the folder the person chose, or empty when they quit.
    static QString ask(const QString& message, bool offerFolder);

signals:
    void answered(const QString& folder); // empty: quit

private slots:
    void onFolderChosen(const QUrl& folder);
    void onQuitRequested();

private:
    std::unique_ptr<QQmlApplicationEngine> engine_;
};
