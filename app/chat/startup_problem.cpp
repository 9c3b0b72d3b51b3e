#include "startup_problem.h"

#include <QEventLoop>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

StartupProblem::StartupProblem() = default;
StartupProblem::~StartupProblem() = default;

bool StartupProblem::show(const QString& message, bool offerFolder) {
    engine_ = std::make_unique<QQmlApplicationEngine>();
    engine_->setInitialProperties(
        {{QStringLiteral("message"), message}, {QStringLiteral("offerFolder"), offerFolder}});
    engine_->load(QUrl(QStringLiteral("qrc:/GlmChat/StartupProblemWindow.qml")));
    QQuickWindow* win = window();
    if (!win) return false;
    // QML signals, reached by their signatures (the window is a QML type).
    connect(win, SIGNAL(folderChosen(QUrl)), this, SLOT(onFolderChosen(QUrl)));
    connect(win, SIGNAL(quitRequested()), this, SLOT(onQuitRequested()));
    return true;
}

QQuickWindow* StartupProblem::window() const {
    if (!engine_ || engine_->rootObjects().isEmpty()) return nullptr;
    return qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
}

void StartupProblem::onFolderChosen(const QUrl& folder) {
    emit answered(folder.isLocalFile() ? folder.toLocalFile() : folder.toString());
}

void StartupProblem::onQuitRequested() {
    emit answered(QString());
}

QString StartupProblem::ask(const QString& message, bool offerFolder) {
    StartupProblem problem;
    // The nested loop below ends the window's life, not the application's.
    const bool quitOnClose = QGuiApplication::quitOnLastWindowClosed();
    QGuiApplication::setQuitOnLastWindowClosed(false);
    QString folder;
    if (problem.show(message, offerFolder)) {
        QEventLoop loop;
        connect(&problem, &StartupProblem::answered, &loop, [&](const QString& chosen) {
            folder = chosen;
            loop.quit();
        });
        loop.exec();
    }
    QGuiApplication::setQuitOnLastWindowClosed(quitOnClose);
    return folder;
}
